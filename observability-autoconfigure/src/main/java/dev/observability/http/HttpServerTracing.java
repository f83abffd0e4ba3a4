package dev.observability.http;

import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the server span of a request. {@link #NONE} is used when tracing is
 * absent or when Spring Boot's own observation owns the span.
 */
public interface HttpServerTracing {

	/** Creates no spans. */
	HttpServerTracing NONE = new HttpServerTracing() {

		@Override
		public <R> SpanStarter<R> starter(RequestHeaders<R> headers) {
			return (request) -> ServerSpan.NONE;
		}

	};

	/**
	 * Returns what starts the server spans of one kind of request; taken once, when the
	 * measuring filter is created, so that no request pays for adapting the headers.
	 * @param <R> the request type
	 * @param headers reads the incoming trace context's headers
	 * @return the span starter
	 */
	<R> SpanStarter<R> starter(RequestHeaders<R> headers);

	/**
	 * Starts server spans for one kind of request.
	 *
	 * @param <R> the request type
	 */
	@FunctionalInterface
	interface SpanStarter<R> {

		/**
		 * Starts the server span of a request, continuing an incoming trace context when
		 * the request carries a valid one, and puts it in scope on the current thread.
		 * @param request the request
		 * @return the started span
		 */
		ServerSpan start(R request);

	}

	/**
	 * A span put in scope by {@link ServerSpan#makeCurrent()}.
	 */
	@FunctionalInterface
	interface SpanScope extends AutoCloseable {

		/** A scope that puts nothing in place. */
		SpanScope NONE = () -> {
		};

		/** Takes the span out of scope, restoring what the thread had before. */
		@Override
		void close();

	}

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

		/**
		 * Takes the span out of scope on the current thread, restoring what was there
		 * before.
		 */
		default void closeScope() {
		}

		/**
		 * Puts the span in scope on the current thread until the returned scope is
		 * closed. Unlike {@link #openScope()}, every call gets a scope of its own, so
		 * scopes nest and may be opened on several threads at once (the reactive side
		 * completes a request on whatever thread ends it, possibly while the subscribing
		 * thread still has it in scope).
		 * @return the scope to close, on the same thread, in reverse order of opening
		 */
		default SpanScope makeCurrent() {
			return SpanScope.NONE;
		}

		/**
		 * The value the context capability's span accessor carries for this span (the
		 * OpenTelemetry context on the OpenTelemetry bridge, the span otherwise): the
		 * reactive side puts it in the Reactor context, so every operator sees this span
		 * as current.
		 * @return the value, or {@code null} for no span
		 */
		default @Nullable Object contextValue() {
			return null;
		}

		/**
		 * Ends the span with the request's outcome.
		 * @param method the normalized request method
		 * @param route the route label
		 * @param status the response status
		 * @param error the exception that decided the outcome, or {@code null}
		 */
		default void end(String method, String route, int status, @Nullable Throwable error) {
		}

	}

}
