package dev.observability.grpc;

import dev.observability.core.SpanErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Client spans through Micrometer Tracing: a child of the current span, whose context the
 * application's {@link Propagator} writes into the request metadata.
 */
public class TracerGrpcClientTracing implements GrpcClientTracing {

	private static final Propagator.Setter<Metadata> SETTER = (metadata, name, value) -> {
		if (metadata != null) {
			MetadataCarrier.put(metadata, name, value);
		}
	};

	private final Tracer tracer;

	private final Propagator propagator;

	/**
	 * Creates the tracing.
	 * @param tracer the application's tracer
	 * @param propagator writes the trace context into request metadata
	 */
	public TracerGrpcClientTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public ClientSpan start(String service, String method) {
		// A builder without an explicit parent starts a child of the current span.
		Span span = this.tracer.spanBuilder()
			.kind(Span.Kind.CLIENT)
			.name(GrpcSpanConventions.spanName(service, method))
			.start();
		if (!span.isNoop()) {
			span.tag(GrpcSpanConventions.RPC_SYSTEM, GrpcSpanConventions.GRPC);
			span.tag(GrpcSpanConventions.RPC_SERVICE, service);
			span.tag(GrpcSpanConventions.RPC_METHOD, method);
		}
		return new TracerClientSpan(this.propagator, span);
	}

	private static final class TracerClientSpan implements ClientSpan {

		private final Propagator propagator;

		private final Span span;

		TracerClientSpan(Propagator propagator, Span span) {
			this.propagator = propagator;
			this.span = span;
		}

		@Override
		public void inject(Metadata headers) {
			this.propagator.inject(this.span.context(), headers, SETTER);
		}

		@Override
		public void end(Status.Code code, @Nullable Throwable error) {
			try {
				if (!this.span.isNoop()) {
					this.span.tag(GrpcSpanConventions.RPC_GRPC_STATUS_CODE, GrpcSpanConventions.codeValue(code));
					if (GrpcSpanConventions.isClientError(code)) {
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
