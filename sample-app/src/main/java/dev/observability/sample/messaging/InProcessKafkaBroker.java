package dev.observability.sample.messaging;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Apache Kafka's own broker in KRaft mode, in-process on a random loopback port, when no
 * {@code spring.kafka.bootstrap-servers} is set, so that the shop runs with nothing
 * installed. Spring Boot's Kafka clients connect to it through the
 * {@link KafkaConnectionDetails} bean, which depends on the started broker: the broker is
 * up before any producer, consumer or admin client is created, and is stopped when the
 * application context closes (or fails to start). With
 * {@code spring.kafka.bootstrap-servers} set, none of this exists and the shop uses that
 * broker.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(InProcessKafkaBroker.NoBootstrapServers.class)
class InProcessKafkaBroker {

	static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

	static final String IN_PROCESS_BROKERS = "shop.in-process-kafka.brokers";

	/** Started by the container (afterPropertiesSet), stopped on close (destroy). */
	@Bean
	EmbeddedKafkaKraftBroker kafkaBroker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// The broker writes its address into this system property (by default
		// spring.kafka.bootstrap-servers, which would outlive it in the JVM and make the
		// next shop started in it skip its own broker).
		broker.brokerListProperty(IN_PROCESS_BROKERS);
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.brokerProperty("offsets.topic.num.partitions", "1");
		broker.brokerProperty("offsets.topic.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		return broker;
	}

	@Bean
	KafkaConnectionDetails inProcessKafkaConnectionDetails(EmbeddedKafkaKraftBroker broker) {
		List<String> servers = List.of(broker.getBrokersAsString().split(","));
		return () -> servers;
	}

	/** Matches when the application names no broker of its own. */
	static final class NoBootstrapServers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !context.getEnvironment().containsProperty(BOOTSTRAP_SERVERS);
		}

	}

}
