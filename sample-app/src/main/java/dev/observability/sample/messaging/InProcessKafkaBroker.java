package dev.observability.sample.messaging;

import java.util.List;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Apache Kafka's own broker in KRaft mode, in-process on a random loopback port, when no
 * {@code spring.kafka.bootstrap-servers} is set, so that the shop runs with nothing
 * installed (Kafka's {@code KafkaClusterTestKit}, which spring-kafka-test brings). Spring
 * Boot's Kafka clients connect to it through the {@link KafkaConnectionDetails} bean,
 * which depends on the started broker: the broker is up before any producer, consumer or
 * admin client is created, and is stopped when the application context closes (or fails
 * to start). With {@code spring.kafka.bootstrap-servers} set, none of this exists and the
 * shop uses that broker.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(InProcessKafkaBroker.NoBootstrapServers.class)
public class InProcessKafkaBroker {

	static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

	/**
	 * Kafka's own test kit (the same that spring-kafka-test's broker wraps, used directly
	 * so that it works with every Kafka version Boot manages), formatted and started
	 * here, closed (and its directory deleted) when the context closes.
	 */
	@Bean(destroyMethod = "close")
	KafkaClusterTestKit kafkaBroker() throws Exception {
		return start();
	}

	/**
	 * Starts a one-node broker (combined controller and broker) on a random loopback
	 * port, tuned for one node: consumer groups form at once.
	 * @return the started broker, to close
	 * @throws Exception when it cannot start
	 */
	public static KafkaClusterTestKit start() throws Exception {
		TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.build();
		KafkaClusterTestKit broker = new KafkaClusterTestKit.Builder(nodes)
			.setConfigProp("group.initial.rebalance.delay.ms", "0")
			.setConfigProp("offsets.topic.num.partitions", "1")
			.setConfigProp("offsets.topic.replication.factor", "1")
			.setConfigProp("transaction.state.log.replication.factor", "1")
			.setConfigProp("transaction.state.log.min.isr", "1")
			.build();
		try {
			broker.format();
			broker.startup();
			broker.waitForReadyBrokers();
		}
		catch (Exception ex) {
			broker.close();
			throw ex;
		}
		return broker;
	}

	@Bean
	KafkaConnectionDetails inProcessKafkaConnectionDetails(KafkaClusterTestKit broker) {
		List<String> servers = List.of(broker.bootstrapServers().split(","));
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
