package dev.observability.http;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import dev.observability.core.HttpMethods;
import dev.observability.core.LabelNames;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Measures every HTTP request once, at the protocol entry: register it as the first
 * filter of the chain, for the {@code REQUEST} dispatch only, so that latency and status
 * include security and every other filter.
 * <p>
 * Per request it owns the server span (through {@link HttpServerTracing}), records
 * {@code http_requests_total} and {@code http_request_duration_seconds}, keeps
 * {@code method}, {@code route} and {@code code} in the MDC while the request runs, and
 * writes the access log line. Async requests are completed when their async processing
 * ends.
 */
public class HttpObservabilityFilter implements Filter {

	/**
	 * Reads the incoming trace context from servlet request headers: what the filter
	 * gives {@link HttpServerTracing#starter(RequestHeaders)}, for whoever starts spans
	 * the same way.
	 */
	public static final RequestHeaders<HttpServletRequest> HEADERS = new RequestHeaders<>() {

		@Override
		public @Nullable String get(HttpServletRequest request, String name) {
			return request.getHeader(name);
		}

		@Override
		public Iterable<String> names(HttpServletRequest request) {
			return Collections.list(request.getHeaderNames());
		}

	};

	private final RouteResolver routes;

	private final HttpServerTracing.SpanStarter<HttpServletRequest> spans;

	private final HttpExchangeRecorder recorder;

	/**
	 * Creates the filter.
	 * @param metrics records the request metrics
	 * @param routes decides the route label
	 * @param tracing starts and ends the server span ({@link HttpServerTracing#NONE} for
	 * none)
	 * @param accessLog writes the access log line
	 * @param exceptionListeners told about each request's exception
	 */
	public HttpObservabilityFilter(HttpRequestMetrics metrics, RouteResolver routes, HttpServerTracing tracing,
			AccessLogWriter accessLog, List<HttpExceptionListener> exceptionListeners) {
		this.routes = routes;
		this.spans = tracing.starter(HEADERS);
		this.recorder = new HttpExchangeRecorder(metrics, accessLog, exceptionListeners);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest httpRequest)
				|| !(response instanceof HttpServletResponse httpResponse)) {
			chain.doFilter(request, response);
			return;
		}
		Exchange exchange = new Exchange(httpRequest, httpResponse);
		Throwable error = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			error = ex;
			throw ex;
		}
		finally {
			if (error == null && httpRequest.isAsyncStarted()) {
				exchange.handOver();
			}
			else {
				exchange.complete(error);
			}
		}
	}

	/**
	 * One request from entry to completion, possibly across an async hand-over.
	 */
	private final class Exchange implements AsyncListener {

		private final long startNanos = System.nanoTime();

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final String method;

		private final @Nullable String @Nullable [] previousMdc;

		private final HttpServerTracing.ServerSpan span;

		private @Nullable Throwable asyncError;

		Exchange(HttpServletRequest request, HttpServletResponse response) {
			this.request = request;
			this.response = response;
			this.method = HttpMethods.normalize(request.getMethod());
			this.previousMdc = HttpExchangeRecorder.MDC_KEYS.save();
			MDC.put(LabelNames.METHOD, this.method);
			this.span = HttpObservabilityFilter.this.spans.start(request);
		}

		/**
		 * The request went async: leave this thread clean and finish when async
		 * processing ends.
		 */
		void handOver() {
			this.request.getAsyncContext().addListener(this);
			this.span.closeScope();
			HttpExchangeRecorder.MDC_KEYS.restore(this.previousMdc);
		}

		void complete(@Nullable Throwable escaped) {
			try {
				int status = status(escaped);
				String route = HttpObservabilityFilter.this.routes.resolve(this.request, status);
				Throwable handlerException = HandlerExceptionRecorder.recorded(this.request);
				Throwable exception = (handlerException != null) ? handlerException : escaped;
				HttpObservabilityFilter.this.recorder.record(this.method, route, status,
						System.nanoTime() - this.startNanos, exception, escaped == null, this.span);
			}
			finally {
				this.span.closeScope();
				HttpExchangeRecorder.MDC_KEYS.restore(this.previousMdc);
			}
		}

		private int status(@Nullable Throwable error) {
			int status = this.response.getStatus();
			// An exception that escapes the chain becomes a 500 once the container
			// handles it.
			return (error != null && status < 400) ? 500 : status;
		}

		private void completeAsync() {
			String[] threadMdc = HttpExchangeRecorder.MDC_KEYS.save();
			try {
				MDC.put(LabelNames.METHOD, this.method);
				this.span.openScope();
				complete(this.asyncError);
			}
			finally {
				HttpExchangeRecorder.MDC_KEYS.restore(threadMdc);
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			completeAsync();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			this.asyncError = event.getThrowable();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
