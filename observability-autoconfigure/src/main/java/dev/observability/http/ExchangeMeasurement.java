package dev.observability.http;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.observability.core.HttpMethods;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;

/**
 * One reactive request from the moment the server hands it over until its response is
 * complete, written, failed or cancelled by the client. It sits between the server and
 * the whole {@code HttpHandler} (exception handlers and the response write included) as
 * the subscriber of the handling, and records the request exactly once, whichever signal
 * comes first.
 * <p>
 * Its Reactor context carries the server span and this measurement, so that Reactor's
 * automatic context propagation makes both current on every thread of the chain.
 */
final class ExchangeMeasurement implements CoreSubscriber<Void>, Subscription {

	/** Status of a request that the client cancelled before the response was complete. */
	static final int CLIENT_CLOSED_REQUEST = 499;

	private static final AtomicIntegerFieldUpdater<ExchangeMeasurement> DONE = AtomicIntegerFieldUpdater
		.newUpdater(ExchangeMeasurement.class, "done");

	private final HttpObservabilityWebFilter owner;

	private final ServerHttpRequest request;

	private final ServerHttpResponse response;

	private final CoreSubscriber<? super Void> actual;

	private final String method;

	private final long startNanos;

	private final HttpServerTracing.ServerSpan span;

	private final Context context;

	private @Nullable Subscription upstream;

	private volatile @Nullable ServerWebExchange exchange;

	private volatile @Nullable Throwable handledException;

	private volatile int done;

	ExchangeMeasurement(HttpObservabilityWebFilter owner, ServerHttpRequest request, ServerHttpResponse response,
			CoreSubscriber<? super Void> actual) {
		this.owner = owner;
		this.request = request;
		this.response = response;
		this.actual = actual;
		this.startNanos = System.nanoTime();
		this.method = HttpMethods.normalize(request.getMethod().name());
		this.span = owner.startSpan(request);
		Object spanValue = this.span.contextValue();
		Context context = actual.currentContext().put(ExchangeContextAccessor.KEY, this);
		this.context = (spanValue != null) ? context.put(owner.spanContextKey(), spanValue) : context;
	}

	/**
	 * Subscribes to the handling of the request with the span, the MDC fields and this
	 * measurement current on this thread: the synchronous part of the handling (filters,
	 * handler mapping, often the handler itself) runs right here.
	 */
	void subscribeTo(HttpHandler handler) {
		ExchangeContextAccessor.INSTANCE.setValue(this);
		try {
			Mono<Void> handling = handler.handle(this.request, this.response);
			handling.subscribe(this);
		}
		catch (Throwable ex) {
			Operators.error(this, Operators.onOperatorError(ex, this.context));
		}
		finally {
			this.span.closeScope();
			ExchangeContextAccessor.INSTANCE.restore();
		}
	}

	String method() {
		return this.method;
	}

	/** The route the handler mapping matched so far, or {@code null}. */
	@Nullable String matchedRoute() {
		return this.owner.routes().matchedRoute(this.exchange);
	}

	/** Binds the exchange the framework created for this request, once. */
	void bind(ServerWebExchange exchange) {
		if (this.exchange == null) {
			this.exchange = exchange;
		}
	}

	/**
	 * Remembers the exception an {@code @ExceptionHandler} method turned into a response.
	 */
	void handled(Throwable exception) {
		this.handledException = exception;
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.upstream, subscription)) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}
	}

	@Override
	public void onNext(Void value) {
	}

	@Override
	public void onError(Throwable error) {
		finish(error, false);
		this.actual.onError(error);
	}

	@Override
	public void onComplete() {
		finish(null, false);
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		// set in onSubscribe, before the subscriber gets this subscription
		Subscription subscription = this.upstream;
		if (subscription != null) {
			subscription.request(n);
		}
	}

	@Override
	public void cancel() {
		finish(null, true);
		Subscription subscription = this.upstream;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	private void finish(@Nullable Throwable escaped, boolean cancelled) {
		if (!DONE.compareAndSet(this, 0, 1)) {
			return;
		}
		ExchangeContextAccessor.INSTANCE.setValue(this);
		// A scope of its own: this may run inside the subscription on the same thread (a
		// handler
		// that completes at once) or on another thread while the subscribing thread still
		// has the
		// span in scope.
		HttpServerTracing.SpanScope scope = this.span.makeCurrent();
		try {
			int status = cancelled ? CLIENT_CLOSED_REQUEST : status(escaped);
			ServerWebExchange exchange = this.exchange;
			String route = this.owner.routes().resolve(exchange, this.request, status);
			Throwable exception = this.handledException;
			boolean handled = true;
			if (exception == null && exchange != null) {
				exception = exchange.getAttribute(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION);
				handled = exception == null || !UnhandledExceptionMarker.reachedDefaultHandling(exchange)
						|| isMappedByTheFramework(exception);
			}
			if (exception == null && escaped != null) {
				exception = escaped;
				handled = false;
			}
			this.owner.recorder()
				.record(this.method, route, status, System.nanoTime() - this.startNanos, exception, handled, this.span);
		}
		catch (RuntimeException ex) {
			// Measuring must never fail the response.
		}
		finally {
			scope.close();
			ExchangeContextAccessor.INSTANCE.restore();
		}
	}

	private int status(@Nullable Throwable escaped) {
		HttpStatusCode status = this.response.getStatusCode();
		int code = (status != null) ? status.value() : 200;
		// An error that escaped everything becomes a 500 once the server handles it.
		return (escaped != null && code < 400) ? 500 : code;
	}

	/**
	 * Whether the framework's default error handling answers this exception with a status
	 * it carries itself ({@code ResponseStatusException}, an {@code ErrorResponse},
	 * {@code @ResponseStatus}): on the servlet stack a resolver handles exactly these.
	 */
	private static boolean isMappedByTheFramework(Throwable exception) {
		return exception instanceof ErrorResponse
				|| AnnotatedElementUtils.hasAnnotation(exception.getClass(), ResponseStatus.class);
	}

}
