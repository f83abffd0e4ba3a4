package dev.observability.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Told about the exception of a request when the request completes, while its server span is in
 * scope and its labels are in the MDC. The errors capability uses it to count
 * {@code errors_total}.
 */
@FunctionalInterface
public interface HttpExceptionListener {

	/**
	 * Called once per request that saw an exception.
	 * @param request the request
	 * @param exception the exception the handler threw (unwrapped where the handler's own
	 * exception is known), or the one that escaped the filter chain
	 * @param handled {@code true} when an exception handler turned it into a response,
	 * {@code false} when it escaped every handler (a panic)
	 * @param status the response status recorded for the request
	 */
	void onException(HttpServletRequest request, Throwable exception, boolean handled, int status);

}
