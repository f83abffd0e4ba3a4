package dev.observability.client;

import dev.observability.core.SpanErrors;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Client spans through Micrometer Tracing, on whichever tracer the application uses, with
 * the context written into the request by the application's propagator.
 */
public class TracerHttpClientTracing implements HttpClientTracing {

	/** Writes one propagation header into the request, replacing what was there. */
	static final Propagator.Setter<HttpHeaders> SETTER = (headers, name, value) -> {
		if (headers != null) {
			headers.set(name, value);
		}
	};

	private final Tracer tracer;

	private final Propagator propagator;

	/**
	 * Creates the tracing.
	 * @param tracer the application's tracer
	 * @param propagator writes the trace context into request headers
	 */
	public TracerHttpClientTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public ClientSpan start(String method, String peer) {
		// A builder without an explicit parent starts a child of the current span.
		Span span = this.tracer.spanBuilder().kind(Span.Kind.CLIENT).name(method).start();
		if (!span.isNoop()) {
			span.tag("http.request.method", method);
			span.tag("server.address", peer);
		}
		return new TracerClientSpan(this.propagator, span, method);
	}

	private static final class TracerClientSpan implements ClientSpan {

		private final Propagator propagator;

		private final Span span;

		private final String method;

		TracerClientSpan(Propagator propagator, Span span, String method) {
			this.propagator = propagator;
			this.span = span;
			this.method = method;
		}

		@Override
		public void inject(HttpHeaders headers) {
			this.propagator.inject(this.span.context(), headers, SETTER);
		}

		@Override
		public void end(String route, int status, @Nullable Throwable error) {
			try {
				if (!this.span.isNoop()) {
					String code = HttpClientMetrics.code(status);
					this.span.name(this.method + " " + route);
					this.span.tag("url.template", route);
					this.span.tag("http.response.status_code", code);
					if (error != null || status >= 500) {
						SpanErrors.fail(this.span, error, code);
					}
				}
			}
			finally {
				this.span.end();
			}
		}

	}

}
