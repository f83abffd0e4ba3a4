package dev.observability.messaging.testapp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A Kafka application with record listeners (one that always fails, retried twice and
 * then published to a dead-letter topic), a batch listener, and spans going synchronously
 * to an in-memory exporter. Each listener writes what it saw into {@link #RECEIVED}.
 */
@SpringBootApplication
public class KafkaTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	/** What the listeners saw, in the order they saw it. */
	public static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();

	/** The MDC of listener threads while their containers were idle. */
	public static final ConcurrentLinkedQueue<Map<String, String>> IDLE_MDC = new ConcurrentLinkedQueue<>();

	public static final String ORDERS = "orders";

	public static final String COUNTED = "counted";

	public static final String FAILING = "failing";

	public static final String FAILING_DLT = "failing-dlt";

	public static final String BATCH = "batch";

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	@Bean
	NewTopic ordersTopic() {
		return new NewTopic(ORDERS, 1, (short) 1);
	}

	@Bean
	NewTopic countedTopic() {
		return new NewTopic(COUNTED, 4, (short) 1);
	}

	@Bean
	NewTopic failingTopic() {
		return new NewTopic(FAILING, 1, (short) 1);
	}

	@Bean
	NewTopic failingDltTopic() {
		return new NewTopic(FAILING_DLT, 1, (short) 1);
	}

	@Bean
	NewTopic batchTopic() {
		return new NewTopic(BATCH, 1, (short) 1);
	}

	/** Two retries, then the record goes to {@value #FAILING_DLT}. */
	@Bean
	CommonErrorHandler errorHandler(KafkaTemplate<Object, Object> template) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, exception) -> new org.apache.kafka.common.TopicPartition(FAILING_DLT, 0));
		return new DefaultErrorHandler(recoverer, new FixedBackOff(0, 2));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		return factory;
	}

	@Bean
	Listeners listeners(Tracer tracer) {
		return new Listeners(tracer);
	}

	@EventListener
	void idle(ListenerContainerIdleEvent event) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		IDLE_MDC.add((mdc != null) ? mdc : Map.of());
	}

	/** What a listener saw for one record or one batch. */
	public record Received(String topic, String value, int count, Map<String, String> mdc, String currentTraceId,
			String thread) {
	}

	/** The listeners. */
	public static class Listeners {

		private final Tracer tracer;

		Listeners(Tracer tracer) {
			this.tracer = tracer;
		}

		@KafkaListener(topics = ORDERS, groupId = "shop")
		public void order(ConsumerRecord<String, String> record) {
			receive(record.topic(), record.value(), 1);
		}

		@KafkaListener(topics = COUNTED, groupId = "counter", concurrency = "2")
		public void counted(ConsumerRecord<String, String> record) {
			// counted by the meters alone
		}

		@KafkaListener(topics = FAILING, groupId = "shop")
		public void failing(ConsumerRecord<String, String> record) {
			receive(record.topic(), record.value(), 1);
			throw new IllegalArgumentException("cannot process " + record.value());
		}

		@KafkaListener(topics = FAILING_DLT, groupId = "shop-dlt")
		public void deadLetter(ConsumerRecord<String, String> record) {
			receive(record.topic(), record.value(), 1);
		}

		@KafkaListener(topics = BATCH, groupId = "batcher", containerFactory = "batchFactory")
		public void batch(List<ConsumerRecord<String, String>> records) {
			receive(BATCH, records.get(0).value(), records.size());
		}

		private void receive(String topic, String value, int count) {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			io.micrometer.tracing.Span span = this.tracer.currentSpan();
			RECEIVED.add(new Received(topic, value, count, (mdc != null) ? mdc : Map.of(),
					(span != null) ? span.context().traceId() : null, Thread.currentThread().getName()));
		}

	}

}
