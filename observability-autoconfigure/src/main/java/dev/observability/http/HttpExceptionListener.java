package dev.observability.http;

/**
 * Told about the exception of a request when the request completes, on the servlet and
 * the reactive stack alike, while its server span is in scope and its labels are in the
 * MDC. The errors capability uses it to count {@code errors_total}.
 */
@FunctionalInterface
public interface HttpExceptionListener {

	/**
	 * Called once per request that saw an exception.
	 * @param exception the exception the handler threw (unwrapped where the handler's own
	 * exception is known), or the one that escaped every handler
	 * @param handled {@code true} when an exception handler turned it into a response,
	 * {@code false} when it escaped every handler (a panic)
	 * @param status the response status recorded for the request
	 * @return {@code false} when the listener classified the exception as a
	 * business-normal outcome: the span is then not marked failed because of it
	 */
	boolean onException(Throwable exception, boolean handled, int status);

}
