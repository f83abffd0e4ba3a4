package dev.observability.events;

/**
 * Does the slow part of an event on the consumer thread: the log line and the span event.
 */
@FunctionalInterface
interface BusinessEventWriter {

	/**
	 * Writes one event. Called on the consumer thread only, one event at a time.
	 * @param event the event
	 */
	void write(RecordedEvent event);

}
