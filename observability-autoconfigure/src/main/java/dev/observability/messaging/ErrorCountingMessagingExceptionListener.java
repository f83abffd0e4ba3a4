package dev.observability.messaging;

import dev.observability.errors.ErrorCode;
import dev.observability.errors.ErrorCounter;
import dev.observability.errors.ErrorSource;

/**
 * Counts failed sends ({@code type="handled"}: the send's future completes exceptionally
 * for the caller to handle) and failed listener invocations ({@code type="panic"}: the
 * exception escaped the listener to the container's error handler) in
 * {@code errors_total{source="messaging"}}, with the code the measurement was recorded
 * with. Each retry attempt is an invocation of its own. A business-normal outcome
 * ({@link ErrorCode#OK}) is not counted.
 */
public class ErrorCountingMessagingExceptionListener implements MessagingExceptionListener {

	private final ErrorCounter counter;

	/**
	 * Creates the listener.
	 * @param counter counts the exceptions
	 */
	public ErrorCountingMessagingExceptionListener(ErrorCounter counter) {
		this.counter = counter;
	}

	@Override
	public void onException(Throwable exception, boolean publish, ErrorCode code) {
		this.counter.record(ErrorSource.MESSAGING, publish ? ErrorCounter.HANDLED : ErrorCounter.PANIC, exception,
				code);
	}

}
