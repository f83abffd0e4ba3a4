package dev.observability.http;

import dev.observability.core.HttpStatusCodes;
import dev.observability.core.OtelIncomingContext;
import dev.observability.core.OtelSpanErrors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

/**
 * Server spans straight through the OpenTelemetry API, used when Micrometer Tracing runs
 * on its OpenTelemetry bridge. The bridge reads the current span from the same
 * OpenTelemetry context, so application code, Boot's MDC listeners and exemplars see this
 * span exactly as if it had been started through Micrometer; only the per-request
 * wrapping is saved (the filter's largest cost with tracing on).
 * <p>
 * The incoming context is read by {@link OtelIncomingContext}: the application's
 * propagators (W3C, B3 when configured, baggage), run only when the request carries one
 * of their fields; a missing, malformed or failing context starts a new trace.
 */
public class OtelHttpServerTracing implements HttpServerTracing {

	private final Tracer tracer;

	private final OtelIncomingContext incoming;

	/**
	 * Creates the tracing.
	 * @param tracer the OpenTelemetry tracer that Micrometer's bridge also uses
	 * @param propagators the application's propagators
	 */
	public OtelHttpServerTracing(Tracer tracer, ContextPropagators propagators) {
		this.tracer = tracer;
		this.incoming = new OtelIncomingContext(propagators);
	}

	@Override
	public <R> SpanStarter<R> starter(RequestHeaders<R> headers) {
		TextMapGetter<R> getter = new TextMapGetter<>() {

			@Override
			public Iterable<String> keys(R carrier) {
				return headers.names(carrier);
			}

			@Override
			public @Nullable String get(@Nullable R carrier, String key) {
				return (carrier != null) ? headers.get(carrier, key) : null;
			}

		};
		return (request) -> start(this.incoming.extract(request, getter));
	}

	private ServerSpan start(Context parent) {
		Span span = this.tracer.spanBuilder("http").setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
		OtelServerSpan serverSpan = new OtelServerSpan(parent.with(span), span);
		serverSpan.openScope();
		return serverSpan;
	}

	private static final class OtelServerSpan extends ContextServerSpan {

		private final Span span;

		OtelServerSpan(Context context, Span span) {
			super(context);
			this.span = span;
		}

		@Override
		Scope attach(Context context) {
			return context.makeCurrent();
		}

		@Override
		public void end(String method, String route, int status, @Nullable Throwable error) {
			try {
				// Unsampled spans are not exported: skip the naming and tagging work for
				// them.
				if (this.span.isRecording()) {
					this.span.updateName(HttpSpanNames.of(method, route));
					this.span.setAttribute("http.request.method", method);
					this.span.setAttribute("http.route", route);
					this.span.setAttribute("http.response.status_code", HttpStatusCodes.text(status));
					if (error != null || status >= 500) {
						OtelSpanErrors.fail(this.span, error, HttpStatusCodes.text(status));
					}
				}
			}
			finally {
				this.span.end();
			}
		}

	}

}
