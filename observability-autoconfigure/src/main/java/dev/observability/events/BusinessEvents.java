package dev.observability.events;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Records business events: {@code checkout_submit}, {@code payment_success}. An allowed
 * event is counted in {@code <namespace>_business_events_total{event}}, written as one
 * log line (logger {@code observability.events}) with the current trace id, and added as
 * an event on the current span. Implementations never block and never throw.
 */
public interface BusinessEvents {

	/**
	 * Records an event without attributes.
	 * @param event the event name, lowercase snake_case
	 */
	void record(String event);

	/**
	 * Records an event with attributes for the log line and the span event (never metric
	 * labels).
	 * @param event the event name, lowercase snake_case
	 * @param attributes attribute keys and values, or {@code null} for none; copied
	 * before the call returns
	 */
	void record(String event, @Nullable Map<String, String> attributes);

}
