package dev.observability.events;

import org.jspecify.annotations.Nullable;

/**
 * An event on its way from the recording thread to the consumer thread.
 *
 * @param name the event name
 * @param attributes alternating keys and values, not yet redacted
 * @param span the span current when the event was recorded, or {@code null}
 * @param epochMillis when the event was recorded
 * @param sampled whether the event is not on the allowlist and was kept by sampling
 */
record RecordedEvent(String name, String[] attributes, EventSpans.@Nullable CapturedSpan span, long epochMillis,
		boolean sampled) {

	/** Attributes of an event recorded without any. */
	static final String[] NO_ATTRIBUTES = new String[0];

}
