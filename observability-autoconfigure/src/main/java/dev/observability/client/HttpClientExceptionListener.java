package dev.observability.client;

/**
 * Told about an outbound HTTP call that failed: an error status or no response at all,
 * once per call, before the caller hears of the outcome.
 * {@link ErrorCountingHttpClientExceptionListener} uses it to count {@code errors_total}.
 */
public interface HttpClientExceptionListener {

	/**
	 * The call got an error status (4xx or 5xx).
	 * @param status the status
	 * @param exceptionName the simple name of the exception the client raises for it
	 */
	void onErrorResponse(int status, String exceptionName);

	/**
	 * The call failed without a response (connection refused, timeout).
	 * @param error what it failed with
	 */
	void onFailure(Throwable error);

}
