package dev.observability.messaging;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker in KRaft mode, in-process on a random port, and a Spring Boot
 * application connected to it, for the messaging tests.
 */
final class KafkaBrokers {

	private KafkaBrokers() {
	}

	/**
	 * Starts a one-node broker on a random port, tuned so that consumer groups form at
	 * once.
	 * @return the started broker
	 */
	static EmbeddedKafkaKraftBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.brokerProperty("offsets.topic.num.partitions", "1");
		broker.brokerProperty("offsets.topic.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.afterPropertiesSet();
		return broker;
	}

	/**
	 * A non-web application connected to the broker, reading from the earliest offset,
	 * sampling every trace.
	 * @param broker the broker
	 * @param application the application class
	 * @param properties more properties
	 * @return the builder, to run
	 */
	static SpringApplicationBuilder application(EmbeddedKafkaKraftBroker broker, Class<?> application,
			String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"spring.kafka.consumer.auto-offset-reset=earliest",
					"spring.kafka.listener.idle-event-interval=200ms", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.properties(properties);
	}

}
