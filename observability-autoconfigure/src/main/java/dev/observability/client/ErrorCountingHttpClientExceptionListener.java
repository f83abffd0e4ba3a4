package dev.observability.client;

import dev.observability.errors.ErrorCounter;
import dev.observability.errors.ErrorSource;

/**
 * Counts a failed outbound HTTP call in {@code errors_total{source="http_client"}} as
 * {@code type="handled"}: the outcome is handed to the caller, and an exception the
 * caller lets escape is counted again where it escapes (for example
 * {@code source="http"}, {@code type="panic"}).
 */
public class ErrorCountingHttpClientExceptionListener implements HttpClientExceptionListener {

	private final ErrorCounter counter;

	/**
	 * Creates the listener.
	 * @param counter counts the failures
	 */
	public ErrorCountingHttpClientExceptionListener(ErrorCounter counter) {
		this.counter = counter;
	}

	@Override
	public void onErrorResponse(int status, String exceptionName) {
		this.counter.recordStatus(ErrorSource.HTTP_CLIENT, ErrorCounter.HANDLED, status, exceptionName);
	}

	@Override
	public void onFailure(Throwable error) {
		this.counter.record(ErrorSource.HTTP_CLIENT, ErrorCounter.HANDLED, error);
	}

}
