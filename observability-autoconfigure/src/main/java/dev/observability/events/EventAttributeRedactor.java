package dev.observability.events;

/**
 * Replaces sensitive attribute values before an event is logged or added to a span. Runs
 * on the consumer thread, never on the recording thread.
 */
@FunctionalInterface
public interface EventAttributeRedactor {

	/** Leaves every value as it is. */
	EventAttributeRedactor NONE = (key, value) -> value;

	/**
	 * Returns the value to write for this attribute.
	 * @param key the attribute key
	 * @param value the attribute value as recorded
	 * @return the value itself, or a replacement such as {@code REDACTED}
	 */
	String redact(String key, String value);

}
