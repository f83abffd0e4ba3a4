package dev.observability.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * Finishes each server call with the status its stream closed with, which is what the
 * client received: the status an exception handler mapped, or {@code CANCELLED} /
 * {@code DEADLINE_EXCEEDED} when the client went away. It also measures calls to methods
 * the server does not have (labelled {@code UNMATCHED}). Add it with
 * {@code ServerBuilder.addStreamTracerFactory}, next to
 * {@link GrpcServerObservabilityInterceptor}.
 */
public class GrpcServerStreamTracerFactory extends ServerStreamTracer.Factory {

	private final GrpcCallMetrics metrics;

	/**
	 * Creates the factory.
	 * @param metrics the server meters, the same as the interceptor's
	 */
	public GrpcServerStreamTracerFactory(GrpcCallMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		return new CallTracer(new ServerCallObservation(this.metrics, System.nanoTime(), true), this.metrics);
	}

	private static final class CallTracer extends ServerStreamTracer {

		private final ServerCallObservation call;

		private final GrpcCallMetrics metrics;

		CallTracer(ServerCallObservation call, GrpcCallMetrics metrics) {
			this.call = call;
			this.metrics = metrics;
		}

		@Override
		public Context filterContext(Context context) {
			return context.withValue(ServerCallObservation.KEY, this.call);
		}

		@Override
		public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
			this.call.identify(this.metrics.forMethod(callInfo.getMethodDescriptor()));
		}

		@Override
		public void streamClosed(Status status) {
			this.call.finish(status.getCode());
		}

	}

}
