package dev.observability.grpc;

import dev.observability.core.OtelIncomingContext;
import dev.observability.core.OtelSpanErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

/**
 * Server spans straight through the OpenTelemetry API, used when Micrometer Tracing runs
 * on its OpenTelemetry bridge (which reads the current span from the same context). The
 * span is put in scope around every callback of the call, so this saves the bridge's
 * wrapping several times per call; the incoming context is read by
 * {@link OtelIncomingContext}.
 */
public class OtelGrpcServerTracing implements GrpcServerTracing {

	private static final TextMapGetter<Metadata> METADATA = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Metadata carrier) {
			return carrier.keys();
		}

		@Override
		public @Nullable String get(@Nullable Metadata carrier, String key) {
			return (carrier != null) ? MetadataCarrier.get(carrier, key) : null;
		}

	};

	private final Tracer tracer;

	private final OtelIncomingContext incoming;

	/**
	 * Creates the tracing.
	 * @param tracer the OpenTelemetry tracer that Micrometer's bridge also uses
	 * @param propagators the application's propagators
	 */
	public OtelGrpcServerTracing(Tracer tracer, ContextPropagators propagators) {
		this.tracer = tracer;
		this.incoming = new OtelIncomingContext(propagators);
	}

	@Override
	public ServerSpan start(String service, String method, Metadata headers) {
		Context parent = this.incoming.extract(headers, METADATA);
		Span span = this.tracer.spanBuilder(GrpcSpanConventions.spanName(service, method))
			.setSpanKind(SpanKind.SERVER)
			.setParent(parent)
			.startSpan();
		if (span.isRecording()) {
			span.setAttribute(GrpcSpanConventions.RPC_SYSTEM, GrpcSpanConventions.GRPC);
			span.setAttribute(GrpcSpanConventions.RPC_SERVICE, service);
			span.setAttribute(GrpcSpanConventions.RPC_METHOD, method);
		}
		return new OtelServerSpan(parent.with(span), span);
	}

	private static final class OtelServerSpan implements ServerSpan {

		private final Context context;

		private final Span span;

		OtelServerSpan(Context context, Span span) {
			this.context = context;
			this.span = span;
		}

		@Override
		public SpanScope open() {
			return this.context.makeCurrent()::close;
		}

		@Override
		public void end(Status.Code code, @Nullable Throwable error) {
			try {
				// Unsampled spans are not exported: skip the tagging work for them.
				if (this.span.isRecording()) {
					this.span.setAttribute(GrpcSpanConventions.RPC_GRPC_STATUS_CODE,
							GrpcSpanConventions.codeValue(code));
					if (GrpcSpanConventions.isServerError(code)) {
						OtelSpanErrors.fail(this.span, error, code.name());
					}
				}
			}
			finally {
				this.span.end();
			}
		}

	}

}
