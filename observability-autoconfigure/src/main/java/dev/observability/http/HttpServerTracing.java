package dev.observability.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Starts and ends the server span of a request. {@link #NONE} is used when tracing is absent or
 * when Spring Boot's own observation filter owns the span.
 */
public interface HttpServerTracing {

	/** Creates no spans. */
	HttpServerTracing NONE = (request) -> ServerSpan.NONE;

	/**
	 * Starts the server span of a request, continuing an incoming trace context when the request
	 * carries a valid one, and puts it in scope on the current thread.
	 */
	ServerSpan start(HttpServletRequest request);

	/**
	 * A started server span.
	 */
	interface ServerSpan {

		/** A span that does nothing. */
		ServerSpan NONE = new ServerSpan() {
		};

		/** Puts the span in scope on the current thread (after an async hand-over). */
		default void openScope() {
		}

		/** Takes the span out of scope on the current thread, restoring what was there before. */
		default void closeScope() {
		}

		/**
		 * Ends the span with the request's outcome.
		 * @param method the normalized request method
		 * @param route the route label
		 * @param status the response status
		 * @param error the exception that escaped the chain, or {@code null}
		 */
		default void end(String method, String route, int status, Throwable error) {
		}

	}

}
