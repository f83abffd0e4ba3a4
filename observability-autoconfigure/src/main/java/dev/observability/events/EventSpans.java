package dev.observability.events;

import org.jspecify.annotations.Nullable;

/**
 * Captures the span that is current on the recording thread, so the consumer thread can
 * add the event to it later. Keeps the recorder free of any tracing library.
 */
@FunctionalInterface
interface EventSpans {

	/** No tracing: events carry no trace id and are added to no span. */
	EventSpans NONE = () -> null;

	/**
	 * Returns the span current on this thread, or {@code null} when there is none. Called
	 * on the recording thread for every written event, so it must be cheap and must not
	 * block.
	 */
	@Nullable CapturedSpan capture();

	/**
	 * A span captured on the recording thread; used on the consumer thread.
	 */
	interface CapturedSpan {

		/** The trace id, as logged in the {@code traceId} field. */
		String traceId();

		/** The span id, as logged in the {@code spanId} field. */
		String spanId();

		/**
		 * Adds the event to the span if it is still recording; a no-op when the span has
		 * ended (the request finished before the consumer got to the event) or is not
		 * sampled.
		 * @param event the event name
		 * @param attributes alternating keys and values, already redacted
		 * @param epochMillis when the event was recorded
		 */
		void addEvent(String event, String[] attributes, long epochMillis);

	}

}
