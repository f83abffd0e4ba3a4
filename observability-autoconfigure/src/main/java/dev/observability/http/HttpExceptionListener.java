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
	 * Request attribute a listener sets to {@link Boolean#TRUE} when it classifies the exception as
	 * a business-normal outcome: the filter then does not mark the span failed because of it.
	 */
	String NOT_AN_ERROR_ATTRIBUTE = HttpExceptionListener.class.getName() + ".NOT_AN_ERROR";

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
