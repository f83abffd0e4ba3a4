package dev.observability.grpc;

import dev.observability.core.AdoptedServerSpan;
import io.grpc.Metadata;
import io.opentelemetry.context.Context;

/**
 * Server spans of a Java agent: the OpenTelemetry Java agent adds its own interceptor as
 * the outermost one of every gRPC server and starts the call's server span there, so the
 * starter starts none and puts the agent's span in scope around each callback (MDC
 * entries, exemplars, the call's own spans). A call that arrives without a current span
 * gets one from the given tracing: every call still has exactly one server span. The
 * agent ends its span and sets its status itself.
 */
class AgentGrpcServerTracing implements GrpcServerTracing {

	private final GrpcServerTracing own;

	/**
	 * Creates the tracing.
	 * @param own starts a server span for a call that has none
	 */
	AgentGrpcServerTracing(GrpcServerTracing own) {
		this.own = own;
	}

	@Override
	public ServerSpan start(String service, String method, Metadata headers) {
		Context adopted = AdoptedServerSpan.current();
		if (adopted == null) {
			return this.own.start(service, method, headers);
		}
		return new ServerSpan() {

			@Override
			public SpanScope open() {
				return AdoptedServerSpan.open(adopted)::close;
			}

		};
	}

}
