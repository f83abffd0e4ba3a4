package dev.observability.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes an event as one INFO line to the logger {@code observability.events} and adds it
 * to the span that was current when it was recorded. The line carries the recording
 * thread's {@code traceId} and {@code spanId} in the MDC (the consumer thread has no
 * trace of its own), the event name as key-value {@code event}, and each attribute,
 * redacted, as a key-value of its own; structured logging
 * ({@code logging.structured.format.console=ecs}) turns them into JSON fields.
 */
class LoggingBusinessEventWriter implements BusinessEventWriter {

	/** Name of the events logger. */
	public static final String LOGGER_NAME = "observability.events";

	private static final String TRACE_ID = "traceId";

	private static final String SPAN_ID = "spanId";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final EventAttributeRedactor redactor;

	/**
	 * Creates the writer.
	 * @param redactor applied to every attribute value before it is written
	 */
	LoggingBusinessEventWriter(EventAttributeRedactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public void write(RecordedEvent event) {
		String[] attributes = redacted(event.attributes());
		EventSpans.CapturedSpan span = event.span();
		if (logger.isInfoEnabled()) {
			log(event, attributes, span);
		}
		if (span != null) {
			span.addEvent(event.name(), attributes, event.epochMillis());
		}
	}

	private void log(RecordedEvent event, String[] attributes, EventSpans.CapturedSpan span) {
		if (span != null) {
			MDC.put(TRACE_ID, span.traceId());
			MDC.put(SPAN_ID, span.spanId());
		}
		try {
			LoggingEventBuilder line = logger.atInfo()
				.setMessage(message(event, attributes))
				.addKeyValue(BusinessEventMetrics.EVENT_TAG, event.name());
			for (int i = 0; i + 1 < attributes.length; i += 2) {
				line = line.addKeyValue(attributes[i], attributes[i + 1]);
			}
			if (event.sampled()) {
				line = line.addKeyValue("sampled", "true");
			}
			line.log();
		}
		finally {
			if (span != null) {
				MDC.remove(TRACE_ID);
				MDC.remove(SPAN_ID);
			}
		}
	}

	private String[] redacted(String[] attributes) {
		if (attributes.length == 0) {
			return attributes;
		}
		String[] redacted = attributes.clone();
		for (int i = 0; i + 1 < redacted.length; i += 2) {
			redacted[i + 1] = this.redactor.redact(redacted[i], redacted[i + 1]);
		}
		return redacted;
	}

	private static String message(RecordedEvent event, String[] attributes) {
		StringBuilder message = new StringBuilder("Business event ").append(event.name());
		if (event.sampled()) {
			message.append(" (not allowed, kept by sampling)");
		}
		for (int i = 0; i + 1 < attributes.length; i += 2) {
			message.append(' ').append(attributes[i]).append('=').append(attributes[i + 1]);
		}
		return message.toString();
	}

}
