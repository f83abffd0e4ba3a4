package dev.observability.http;

import dev.observability.errors.ErrorCode;
import dev.observability.errors.ErrorCounter;
import dev.observability.errors.ErrorSource;

/**
 * Counts the exception of an HTTP request: {@code type="handled"} when an exception
 * handler turned it into a response, {@code type="panic"} when it escaped every handler.
 * A business-normal outcome ({@link ErrorCode#OK}) is not counted and tells the filter
 * not to mark the span failed.
 */
public class ErrorCountingHttpExceptionListener implements HttpExceptionListener {

	private final ErrorCounter counter;

	/**
	 * Creates the listener.
	 * @param counter counts the exceptions
	 */
	public ErrorCountingHttpExceptionListener(ErrorCounter counter) {
		this.counter = counter;
	}

	@Override
	public boolean onException(Throwable exception, boolean handled, int status) {
		String type = handled ? ErrorCounter.HANDLED : ErrorCounter.PANIC;
		return this.counter.record(ErrorSource.HTTP, type, exception).isError();
	}

}
