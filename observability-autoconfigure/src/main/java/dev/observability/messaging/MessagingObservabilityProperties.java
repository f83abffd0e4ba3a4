package dev.observability.messaging;

import java.time.Duration;
import java.util.List;

import dev.observability.core.LatencyBuckets;
import dev.observability.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for messaging measurement (Kafka producers and listeners).
 */
@ConfigurationProperties("observability.messaging")
public class MessagingObservabilityProperties {

	static final int MAX_VALUES_LIMIT = 10_000;

	/** Whether the starter measures and traces Kafka sends and listeners. */
	private boolean enabled = true;

	/**
	 * Upper bounds of the latency histogram buckets of messaging_publish_duration_seconds
	 * and messaging_process_duration_seconds.
	 */
	private List<Duration> buckets = LatencyBuckets.defaults();

	/**
	 * Number of distinct destination (topic) label values kept; further topics are
	 * recorded as OTHER.
	 */
	private int maxDestinations = 100;

	/**
	 * Number of distinct consumer group label values kept; further groups are recorded as
	 * OTHER.
	 */
	private int maxGroups = 50;

	/**
	 * Whether spring-kafka's own timers (spring_kafka_template_seconds and
	 * spring_kafka_listener_seconds) are switched off on the templates and listener
	 * containers the starter instruments, so that each send and each listener invocation
	 * is measured once. Spring-kafka's observation, when turned on, is left alone.
	 */
	private boolean replaceSpringKafkaTimers = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Duration> getBuckets() {
		return this.buckets;
	}

	public void setBuckets(List<Duration> buckets) {
		this.buckets = PropertyChecks.buckets("observability.messaging.buckets", buckets);
	}

	public int getMaxDestinations() {
		return this.maxDestinations;
	}

	public void setMaxDestinations(int maxDestinations) {
		this.maxDestinations = PropertyChecks.inRange("observability.messaging.max-destinations", maxDestinations, 1,
				MAX_VALUES_LIMIT);
	}

	public int getMaxGroups() {
		return this.maxGroups;
	}

	public void setMaxGroups(int maxGroups) {
		this.maxGroups = PropertyChecks.inRange("observability.messaging.max-groups", maxGroups, 1, MAX_VALUES_LIMIT);
	}

	public boolean isReplaceSpringKafkaTimers() {
		return this.replaceSpringKafkaTimers;
	}

	public void setReplaceSpringKafkaTimers(boolean replaceSpringKafkaTimers) {
		this.replaceSpringKafkaTimers = replaceSpringKafkaTimers;
	}

}
