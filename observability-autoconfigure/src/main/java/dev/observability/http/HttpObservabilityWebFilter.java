package dev.observability.http;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.context.ContextRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Measures every reactive (WebFlux) request once, at the protocol entry, with the same
 * metrics, span, MDC fields, access log and exception listeners as the servlet filter.
 * <p>
 * One bean, two roles, both picked up by Spring's {@code WebHttpHandlerBuilder}:
 * <ul>
 * <li>as an {@link HttpHandlerDecoratorFactory} it wraps the whole {@code HttpHandler},
 * so the measurement starts when the server hands the request over and ends when the
 * response is complete, including what exception handlers write and the response write
 * itself; a request the client cancels is recorded once with code {@code 499};</li>
 * <li>as the first {@link WebFilter} it hands the framework's {@link ServerWebExchange}
 * to that measurement, which reads the matched route template and handled exceptions from
 * it.</li>
 * </ul>
 */
public class HttpObservabilityWebFilter implements WebFilter, HttpHandlerDecoratorFactory, Ordered {

	/** Reads the incoming trace context from reactive request headers. */
	private static final RequestHeaders<ServerHttpRequest> HEADERS = new RequestHeaders<>() {

		@Override
		public @Nullable String get(ServerHttpRequest request, String name) {
			return request.getHeaders().getFirst(name);
		}

		@Override
		public Iterable<String> names(ServerHttpRequest request) {
			return request.getHeaders().headerNames();
		}

	};

	private final ReactiveRouteResolver routes;

	private final HttpServerTracing.SpanStarter<ServerHttpRequest> spans;

	private final String spanContextKey;

	private final HttpExchangeRecorder recorder;

	private final LongAdder unmeasured = new LongAdder();

	/**
	 * Creates the filter.
	 * @param metrics records the request metrics
	 * @param routes decides the route label
	 * @param tracing starts and ends the server span ({@link HttpServerTracing#NONE} for
	 * none)
	 * @param spanContextKey the Reactor context key under which the span's
	 * {@linkplain HttpServerTracing.ServerSpan#contextValue() context value} travels (the
	 * key of the context capability's span accessor)
	 * @param accessLog writes the access log line
	 * @param exceptionListeners told about each request's exception
	 */
	public HttpObservabilityWebFilter(HttpRequestMetrics metrics, ReactiveRouteResolver routes,
			HttpServerTracing tracing, String spanContextKey, AccessLogWriter accessLog,
			List<HttpExceptionListener> exceptionListeners) {
		this.routes = routes;
		this.spans = tracing.starter(HEADERS);
		this.spanContextKey = spanContextKey;
		this.recorder = new HttpExchangeRecorder(metrics, accessLog, exceptionListeners);
	}

	/**
	 * Registers what makes the measured request current on every thread of its Reactor
	 * chain with Micrometer's global context registry, which Reactor's automatic context
	 * propagation reads. The auto-configuration calls it; call it once when wiring the
	 * filter by hand.
	 */
	public static void registerContextAccessor() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(ExchangeContextAccessor.INSTANCE);
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return new MeasuredHttpHandler(handler);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// The handling is subscribed synchronously inside the measurement, which is
		// current here.
		ExchangeMeasurement measurement = ExchangeContextAccessor.current();
		if (measurement != null) {
			measurement.bind(exchange);
			return chain.filter(exchange);
		}
		return Mono.deferContextual((context) -> {
			ExchangeMeasurement found = context.getOrDefault(ExchangeContextAccessor.KEY, null);
			if (found != null) {
				found.bind(exchange);
			}
			else {
				this.unmeasured.increment();
			}
			return chain.filter(exchange);
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * How many requests reached this filter without its {@code HttpHandler} decoration,
	 * and so were not measured (an application that builds its own {@code HttpHandler}).
	 * @return the count since startup
	 */
	public long unmeasuredRequests() {
		return this.unmeasured.sum();
	}

	/**
	 * Returns the handler this filter's measurement wraps, or {@code null} when the given
	 * handler is not measured by it.
	 * @param handler the application's {@code HttpHandler}; may be null
	 * @return the wrapped handler, or {@code null}
	 */
	public static @Nullable HttpHandler undecorated(@Nullable HttpHandler handler) {
		return (handler instanceof MeasuredHttpHandler measured) ? measured.delegate() : null;
	}

	HttpServerTracing.ServerSpan startSpan(ServerHttpRequest request) {
		return this.spans.start(request);
	}

	String spanContextKey() {
		return this.spanContextKey;
	}

	ReactiveRouteResolver routes() {
		return this.routes;
	}

	HttpExchangeRecorder recorder() {
		return this.recorder;
	}

	/** The application's {@code HttpHandler}, with every request it handles measured. */
	final class MeasuredHttpHandler implements HttpHandler {

		private final HttpHandler delegate;

		MeasuredHttpHandler(HttpHandler delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
			return new MeasuredHandling(this.delegate, request, response);
		}

		HttpHandler delegate() {
			return this.delegate;
		}

	}

	/** The handling of one request, measured from subscription until its end. */
	private final class MeasuredHandling extends Mono<Void> {

		private final HttpHandler handler;

		private final ServerHttpRequest request;

		private final ServerHttpResponse response;

		MeasuredHandling(HttpHandler handler, ServerHttpRequest request, ServerHttpResponse response) {
			this.handler = handler;
			this.request = request;
			this.response = response;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			new ExchangeMeasurement(HttpObservabilityWebFilter.this, this.request, this.response, actual)
				.subscribeTo(this.handler);
		}

	}

}
