package dev.observability.messaging;

import dev.observability.errors.ErrorCode;

/**
 * Told about every failed send and every failed listener invocation (each retry attempt
 * included), once, with the code it was measured with. The errors capability uses it to
 * count {@code errors_total{source="messaging"}}.
 */
@FunctionalInterface
public interface MessagingExceptionListener {

	/**
	 * Called once per failed send or listener invocation.
	 * @param exception what the send failed with, or what the listener threw
	 * @param publish {@code true} for a send, {@code false} for a listener invocation
	 * @param code the {@code code} label of the measurement
	 */
	void onException(Throwable exception, boolean publish, ErrorCode code);

}
