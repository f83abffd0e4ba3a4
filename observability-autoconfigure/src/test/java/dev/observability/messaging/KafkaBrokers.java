package dev.observability.messaging;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A real Kafka broker in KRaft mode, in-process on a random loopback port, and a Spring
 * Boot application connected to it, for the messaging tests.
 * <p>
 * The broker is Apache Kafka's own server started through Kafka's KRaft test kit
 * ({@link KafkaClusterTestKit}), not spring-kafka-test's
 * {@code EmbeddedKafkaKraftBroker}: that class is compiled against one Kafka line's test
 * kit (spring-kafka-test 4.1.x calls {@code KafkaClusterTestKit.clientProperties()}, gone
 * in Kafka 4.3), while the calls made here are the same from Kafka 4.1 (Boot 4.0) to 4.3
 * (the Boot 4.1 leg).
 */
final class KafkaBrokers {

	private static final Logger logger = LoggerFactory.getLogger(KafkaBrokers.class);

	private KafkaBrokers() {
	}

	/**
	 * Starts a one-node broker (combined broker and controller) on a random port, tuned
	 * so that consumer groups form at once.
	 * @return the started broker
	 */
	static Broker start() {
		// A broker's fatal error must fail the test, not end the test JVM.
		Exit.setExitProcedure((status, message) -> logger.warn("Kafka called Exit.exit({}, {})", status, message));
		Exit.setHaltProcedure((status, message) -> logger.warn("Kafka called Exit.halt({}, {})", status, message));
		KafkaClusterTestKit cluster;
		try {
			cluster = new KafkaClusterTestKit.Builder(
					new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.setConfigProp("num.partitions", "1")
				.setConfigProp("offsets.topic.num.partitions", "1")
				.setConfigProp("offsets.topic.replication.factor", "1")
				.setConfigProp("transaction.state.log.replication.factor", "1")
				.setConfigProp("transaction.state.log.min.isr", "1")
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create the Kafka test cluster", ex);
		}
		try {
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new Broker(cluster);
		}
		catch (Exception ex) {
			IllegalStateException failure = new IllegalStateException("Could not start the Kafka test cluster", ex);
			try {
				cluster.close();
			}
			catch (Exception closing) {
				failure.addSuppressed(closing);
			}
			throw failure;
		}
	}

	/**
	 * A non-web application connected to the broker, reading from the earliest offset,
	 * sampling every trace.
	 * @param broker the broker
	 * @param application the application class
	 * @param properties more properties
	 * @return the builder, to run
	 */
	static SpringApplicationBuilder application(Broker broker, Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					"spring.kafka.consumer.auto-offset-reset=earliest",
					"spring.kafka.listener.idle-event-interval=200ms", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.properties(properties);
	}

	/**
	 * A started broker; stopping it twice is harmless.
	 */
	static final class Broker {

		private final String bootstrapServers;

		private KafkaClusterTestKit cluster;

		/** Takes a started cluster. */
		private Broker(KafkaClusterTestKit cluster) {
			this.cluster = cluster;
			this.bootstrapServers = cluster.bootstrapServers();
		}

		/**
		 * The broker's address, as clients name it in {@code bootstrap.servers}.
		 * @return the bootstrap servers
		 */
		String bootstrapServers() {
			return this.bootstrapServers;
		}

		/**
		 * Stops the broker and deletes its data.
		 */
		void stop() {
			KafkaClusterTestKit stopping = this.cluster;
			this.cluster = null;
			if (stopping != null) {
				try {
					stopping.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException("Could not stop the Kafka test cluster", ex);
				}
			}
		}

	}

}
