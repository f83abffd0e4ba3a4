package dev.observability.grpc;

import dev.observability.core.ServerSpans;
import dev.observability.core.SpanErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Server spans through Micrometer Tracing: the incoming context is extracted from the
 * request metadata with the application's {@link Propagator} (W3C {@code traceparent},
 * and B3 when {@code management.tracing.propagation} consumes it); a missing or malformed
 * field starts a new trace.
 */
public class TracerGrpcServerTracing implements GrpcServerTracing {

	private static final Propagator.Getter<Metadata> GETTER = MetadataCarrier::get;

	private final Tracer tracer;

	private final ServerSpans spans;

	/**
	 * Creates the tracing.
	 * @param tracer the application's tracer
	 * @param propagator extracts the incoming trace context from request metadata
	 */
	public TracerGrpcServerTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.spans = new ServerSpans(tracer, propagator);
	}

	@Override
	public ServerSpan start(String service, String method, Metadata headers) {
		String name = GrpcSpanConventions.spanName(service, method);
		Span span = this.spans.start(headers, GETTER, name);
		if (!span.isNoop()) {
			span.tag(GrpcSpanConventions.RPC_SYSTEM, GrpcSpanConventions.GRPC);
			span.tag(GrpcSpanConventions.RPC_SERVICE, service);
			span.tag(GrpcSpanConventions.RPC_METHOD, method);
		}
		return new TracerServerSpan(this.tracer, span);
	}

	private static final class TracerServerSpan implements ServerSpan {

		private final Tracer tracer;

		private final Span span;

		TracerServerSpan(Tracer tracer, Span span) {
			this.tracer = tracer;
			this.span = span;
		}

		@Override
		public SpanScope open() {
			return this.tracer.withSpan(this.span)::close;
		}

		@Override
		public void end(Status.Code code, @Nullable Throwable error) {
			try {
				// Unsampled spans are not exported: skip the tagging work for them.
				if (!this.span.isNoop()) {
					this.span.tag(GrpcSpanConventions.RPC_GRPC_STATUS_CODE, GrpcSpanConventions.codeValue(code));
					if (GrpcSpanConventions.isServerError(code)) {
						SpanErrors.fail(this.span, error, code.name());
					}
				}
			}
			finally {
				this.span.end();
			}
		}

	}

}
