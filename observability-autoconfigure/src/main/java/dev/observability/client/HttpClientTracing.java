package dev.observability.client;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Starts and ends the client span of an outbound call. {@link #NONE} is used when tracing
 * is absent or when Spring Boot's own client observation owns the span.
 */
public interface HttpClientTracing {

	/** Creates no spans. */
	HttpClientTracing NONE = (method, peer) -> ClientSpan.NONE;

	/**
	 * Starts a client span as a child of the current span, without putting it in scope:
	 * the caller's context, and so its MDC, stays as it is.
	 * @param method the normalized request method
	 * @param peer the peer label
	 * @return the started span
	 */
	ClientSpan start(String method, String peer);

	/**
	 * A started client span.
	 */
	interface ClientSpan {

		/** A span that does nothing. */
		ClientSpan NONE = new ClientSpan() {
		};

		/**
		 * Writes the span's context ({@code traceparent}, and B3 when configured) into
		 * the request headers, replacing what was there.
		 * @param headers the request headers
		 */
		default void inject(HttpHeaders headers) {
		}

		/**
		 * Ends the span; a failure or a 5xx marks it as an error.
		 * @param route the route label
		 * @param status the response status, or {@link HttpClientMetrics#NO_STATUS}
		 * @param error the exception the call failed with, or {@code null}
		 */
		default void end(String route, int status, @Nullable Throwable error) {
		}

	}

}
