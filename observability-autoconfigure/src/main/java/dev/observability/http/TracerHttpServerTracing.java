package dev.observability.http;

import dev.observability.core.HttpStatusCodes;
import dev.observability.core.ServerSpans;
import dev.observability.core.SpanErrors;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Server spans through Micrometer Tracing: the incoming context is extracted with the
 * application's {@link Propagator} (W3C {@code traceparent}, and B3 when
 * {@code management.tracing.propagation} consumes it), and a missing or malformed header
 * simply starts a new trace.
 */
public class TracerHttpServerTracing implements HttpServerTracing {

	private final Tracer tracer;

	private final ServerSpans spans;

	/**
	 * Creates the tracing.
	 * @param tracer the application's tracer
	 * @param propagator extracts the incoming trace context from request headers
	 */
	public TracerHttpServerTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.spans = new ServerSpans(tracer, propagator);
	}

	@Override
	public <R> SpanStarter<R> starter(RequestHeaders<R> headers) {
		Propagator.Getter<R> getter = headers::get;
		return (request) -> {
			TracerServerSpan serverSpan = new TracerServerSpan(this.tracer, this.spans.start(request, getter, "http"));
			serverSpan.openScope();
			return serverSpan;
		};
	}

	private static final class TracerServerSpan implements ServerSpan {

		private final Tracer tracer;

		private final Span span;

		private Tracer.@Nullable SpanInScope scope;

		TracerServerSpan(Tracer tracer, Span span) {
			this.tracer = tracer;
			this.span = span;
		}

		@Override
		public void openScope() {
			this.scope = this.tracer.withSpan(this.span);
		}

		@Override
		public SpanScope makeCurrent() {
			return this.tracer.withSpan(this.span)::close;
		}

		@Override
		public Object contextValue() {
			return this.span;
		}

		@Override
		public void closeScope() {
			Tracer.SpanInScope current = this.scope;
			this.scope = null;
			if (current != null) {
				current.close();
			}
		}

		@Override
		public void end(String method, String route, int status, @Nullable Throwable error) {
			try {
				// Unsampled spans are not exported: skip the naming and tagging work for
				// them.
				if (!this.span.isNoop()) {
					this.span.name(HttpSpanNames.of(method, route));
					this.span.tag("http.request.method", method);
					this.span.tag("http.route", route);
					this.span.tag("http.response.status_code", HttpStatusCodes.text(status));
					if (error != null || status >= 500) {
						SpanErrors.fail(this.span, error, HttpStatusCodes.text(status));
					}
				}
			}
			finally {
				this.span.end();
			}
		}

	}

}
