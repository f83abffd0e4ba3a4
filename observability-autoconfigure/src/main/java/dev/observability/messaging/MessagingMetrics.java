package dev.observability.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.core.BoundedLabelValues;
import dev.observability.core.LabelNames;
import dev.observability.core.MeterCache;
import dev.observability.errors.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records {@code messaging_publish_total} / {@code messaging_publish_duration_seconds}
 * with the labels {@code system}, {@code destination} and {@code code}, and
 * {@code messaging_process_total} / {@code messaging_process_duration_seconds} with
 * {@code system}, {@code destination}, {@code group} and {@code code}.
 * <p>
 * Destinations and groups are capped ({@code OTHER} past the cap); meters are looked up
 * once per label set and kept, so recording a known combination allocates nothing.
 */
public final class MessagingMetrics {

	/** Meter name of the publish counter; Prometheus shows messaging_publish_total. */
	public static final String PUBLISH = "messaging.publish";

	/**
	 * Meter name of the publish latency; Prometheus shows
	 * messaging_publish_duration_seconds.
	 */
	public static final String PUBLISH_DURATION = "messaging.publish.duration";

	/** Meter name of the process counter; Prometheus shows messaging_process_total. */
	public static final String PROCESS = "messaging.process";

	/**
	 * Meter name of the process latency; Prometheus shows
	 * messaging_process_duration_seconds.
	 */
	public static final String PROCESS_DURATION = "messaging.process.duration";

	/** The {@code system} label value of Kafka. */
	public static final String KAFKA = "kafka";

	/** The {@code group} label value of a listener that has no consumer group. */
	public static final String NO_GROUP = "NONE";

	private final MeterRegistry registry;

	private final String system;

	private final Duration[] buckets;

	private final BoundedLabelValues destinations;

	private final BoundedLabelValues groups;

	/** destination → code → meters. */
	private final MeterCache<String, MeterCache<ErrorCode, Meters>> publish;

	/** destination → group → code → meters. */
	private final MeterCache<String, MeterCache<String, MeterCache<ErrorCode, Meters>>> process;

	/**
	 * Creates the recorder.
	 * @param registry where the meters are registered
	 * @param system the {@code system} label
	 * @param buckets upper bounds of the latency histogram buckets
	 * @param maxDestinations distinct destinations kept
	 * @param maxGroups distinct groups kept
	 */
	public MessagingMetrics(MeterRegistry registry, String system, List<Duration> buckets, int maxDestinations,
			int maxGroups) {
		this.registry = registry;
		this.system = system;
		this.buckets = buckets.toArray(new Duration[0]);
		this.destinations = new BoundedLabelValues(LabelNames.DESTINATION, maxDestinations);
		this.groups = new BoundedLabelValues(LabelNames.GROUP, maxGroups);
		this.publish = MeterCache.of((destination) -> MeterCache.of(ErrorCode.class,
				(code) -> register(PUBLISH, PUBLISH_DURATION, Tags.of(LabelNames.SYSTEM, this.system,
						LabelNames.DESTINATION, destination, LabelNames.CODE, code.name()))));
		this.process = MeterCache.of((destination) -> MeterCache.of((group) -> MeterCache.of(ErrorCode.class,
				(code) -> register(PROCESS, PROCESS_DURATION, Tags.of(LabelNames.SYSTEM, this.system,
						LabelNames.DESTINATION, destination, LabelNames.GROUP, group, LabelNames.CODE, code.name())))));
	}

	/**
	 * The {@code system} label.
	 * @return the messaging system
	 */
	public String system() {
		return this.system;
	}

	/**
	 * The {@code destination} label of a topic, capped.
	 * @param topic the topic
	 * @return the label value
	 */
	public String destination(String topic) {
		return this.destinations.bound((topic != null) ? topic : LabelNames.OTHER);
	}

	/**
	 * The {@code group} label of a consumer group, capped.
	 * @param group the group id, or {@code null}
	 * @return the label value
	 */
	public String group(String group) {
		return (group != null && !group.isEmpty()) ? this.groups.bound(group) : NO_GROUP;
	}

	/**
	 * Records one finished send.
	 * @param destination the {@code destination} label
	 * @param code {@code OK} or the code of the failure
	 * @param durationNanos from the send until the broker acknowledged or it failed
	 */
	public void published(String destination, ErrorCode code, long durationNanos) {
		this.publish.get(destination).get(code).record(durationNanos);
	}

	/**
	 * Records one finished listener invocation.
	 * @param destination the {@code destination} label
	 * @param group the {@code group} label
	 * @param code {@code OK} or the code of the failure
	 * @param durationNanos how long the listener ran
	 */
	public void processed(String destination, String group, ErrorCode code, long durationNanos) {
		this.process.get(destination).get(group).get(code).record(durationNanos);
	}

	private Meters register(String countName, String durationName, Tags tags) {
		boolean publishing = PUBLISH.equals(countName);
		Counter count = Counter.builder(countName)
			.description(publishing ? "Messages sent, by destination and the outcome the broker acknowledged"
					: "Listener invocations, by destination, consumer group and outcome")
			.tags(tags)
			.register(this.registry);
		Timer duration = Timer.builder(durationName)
			.description(publishing ? "Time from a send until the broker acknowledged it or it failed"
					: "Time a listener took to process a record or a batch")
			.tags(tags)
			.serviceLevelObjectives(this.buckets)
			.register(this.registry);
		return new Meters(count, duration);
	}

	private record Meters(Counter count, Timer duration) {

		void record(long durationNanos) {
			this.count.increment();
			this.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		}

	}

}
