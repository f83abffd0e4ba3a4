package dev.observability.messaging;

/**
 * The span attributes of sends and listener invocations, from OpenTelemetry's messaging
 * semantic conventions.
 */
final class MessagingSpanAttributes {

	static final String SYSTEM = "messaging.system";

	static final String DESTINATION = "messaging.destination.name";

	static final String OPERATION = "messaging.operation.type";

	static final String GROUP = "messaging.consumer.group.name";

	static final String BATCH_COUNT = "messaging.batch.message_count";

	static final String ERROR_TYPE = "error.type";

	private MessagingSpanAttributes() {
	}

}
