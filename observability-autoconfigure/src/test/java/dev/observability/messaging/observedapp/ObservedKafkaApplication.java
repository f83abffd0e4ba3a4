package dev.observability.messaging.observedapp;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A second Kafka application, without component scanning, with one record listener on
 * {@value #TOPIC}: run with Spring Boot's and spring-kafka's own observation turned on.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ObservedKafkaApplication {

	public static final String TOPIC = "observed";

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	/** The MDC of each record the listener saw. */
	public static final ConcurrentLinkedQueue<Map<String, String>> RECEIVED = new ConcurrentLinkedQueue<>();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	@Bean
	NewTopic observedTopic() {
		return new NewTopic(TOPIC, 1, (short) 1);
	}

	@Bean
	Listener observedListener() {
		return new Listener();
	}

	/** The listener. */
	public static class Listener {

		@KafkaListener(topics = TOPIC, groupId = "observed")
		public void receive(ConsumerRecord<String, String> record) {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			RECEIVED.add((mdc != null) ? mdc : Map.of());
		}

	}

}
