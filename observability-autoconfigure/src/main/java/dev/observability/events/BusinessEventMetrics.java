package dev.observability.events;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.observability.core.LabelNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The counters of the business event recorder, all registered up front: one per allowed
 * event, one for events kept by sampling ({@code event="OTHER"}), one per drop reason.
 * The hot path only looks them up.
 */
class BusinessEventMetrics {

	/**
	 * Micrometer name of the event counter, after the namespace:
	 * {@code <namespace>_business_events_total}.
	 */
	public static final String EVENTS = "business.events";

	/**
	 * Micrometer name of the drop counter: {@code observability_events_dropped_total}.
	 */
	public static final String DROPPED = "observability.events.dropped";

	/** Label of the event counter. */
	public static final String EVENT_TAG = "event";

	/** Label of the drop counter. */
	public static final String REASON_TAG = "reason";

	private final Map<String, Counter> allowed;

	private final Counter sampled;

	private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

	/**
	 * Registers the counters.
	 * @param registry where they are registered
	 * @param namespace the application namespace, or {@code null} for none
	 * @param allowedEvents the allowlist
	 */
	BusinessEventMetrics(MeterRegistry registry, @Nullable String namespace, Collection<String> allowedEvents) {
		String name = (namespace == null || namespace.isBlank()) ? EVENTS : namespace + "." + EVENTS;
		Map<String, Counter> counters = new HashMap<>();
		for (String event : allowedEvents) {
			counters.put(event, eventCounter(registry, name, event));
		}
		this.allowed = Map.copyOf(counters);
		this.sampled = eventCounter(registry, name, LabelNames.OTHER);
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason,
					Counter.builder(DROPPED)
						.description("Business events not recorded as such, by reason: not on the allowlist, "
								+ "sampled out, invalid name, or counted but not written because the queue was full")
						.tag(REASON_TAG, reason.tagValue())
						.register(registry));
		}
	}

	private static Counter eventCounter(MeterRegistry registry, String name, String event) {
		return Counter.builder(name)
			.description("Business events recorded, by event; OTHER counts events kept by sampling "
					+ "that are not on the allowlist")
			.tag(EVENT_TAG, event)
			.register(registry);
	}

	/**
	 * The counter of an allowed event, or {@code null} when the event is not on the
	 * allowlist.
	 */
	@Nullable Counter allowed(String event) {
		return this.allowed.get(event);
	}

	/** The counter of events kept by sampling. */
	Counter sampled() {
		return this.sampled;
	}

	/** The counter of one drop reason. */
	Counter dropped(DropReason reason) {
		// registered for every reason in the constructor
		return Objects.requireNonNull(this.dropped.get(reason));
	}

}
