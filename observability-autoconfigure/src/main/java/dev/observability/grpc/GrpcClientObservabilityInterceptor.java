package dev.observability.grpc;

import java.util.List;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import org.springframework.core.Ordered;

/**
 * Measures and traces every gRPC call a client makes: starts a client span as a child of
 * the current span, writes its context ({@code traceparent}) into the request metadata,
 * and records {@code grpc_client_requests_total} and
 * {@code grpc_client_request_duration_seconds} with the status the client got, including
 * {@code DEADLINE_EXCEEDED}, {@code UNAVAILABLE} and {@code CANCELLED}, which no server
 * ever sends. A call that ends non-OK is counted in
 * {@code errors_total{source="grpc_client",type="handled"}} with its status as
 * {@code code}.
 */
public class GrpcClientObservabilityInterceptor implements ClientInterceptor, Ordered {

	private final GrpcCallMetrics metrics;

	private final GrpcClientTracing tracing;

	private final List<GrpcExceptionListener> listeners;

	/**
	 * Creates the interceptor without error counting.
	 * @param metrics the client meters
	 * @param tracing starts the client span ({@link GrpcClientTracing#NONE} for none)
	 */
	public GrpcClientObservabilityInterceptor(GrpcCallMetrics metrics, GrpcClientTracing tracing) {
		this(metrics, tracing, List.of());
	}

	/**
	 * Creates the interceptor.
	 * @param metrics the client meters
	 * @param tracing starts the client span ({@link GrpcClientTracing#NONE} for none)
	 * @param listeners told about calls that end non-OK
	 * ({@link ErrorCountingGrpcExceptionListener} counts them)
	 */
	public GrpcClientObservabilityInterceptor(GrpcCallMetrics metrics, GrpcClientTracing tracing,
			List<GrpcExceptionListener> listeners) {
		this.metrics = metrics;
		this.tracing = tracing;
		this.listeners = List.copyOf(listeners);
	}

	/** Outermost, so that the span and the latency cover the other interceptors. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		return new ObservedCall<>(next.newCall(method, callOptions), this.metrics.forMethod(method), this.tracing,
				this.listeners);
	}

	private static final class ObservedCall<ReqT, RespT>
			extends ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {

		private final GrpcCallMetrics.MethodMeters meters;

		private final GrpcClientTracing tracing;

		private final List<GrpcExceptionListener> listeners;

		ObservedCall(ClientCall<ReqT, RespT> delegate, GrpcCallMetrics.MethodMeters meters, GrpcClientTracing tracing,
				List<GrpcExceptionListener> listeners) {
			super(delegate);
			this.meters = meters;
			this.tracing = tracing;
			this.listeners = listeners;
		}

		@Override
		public void start(Listener<RespT> responseListener, Metadata headers) {
			long startNanos = System.nanoTime();
			GrpcClientTracing.ClientSpan span = this.tracing.start(this.meters.service(), this.meters.method());
			ObservedListener<RespT> listener = new ObservedListener<>(responseListener, this.meters, span,
					this.listeners, startNanos);
			try {
				span.inject(headers);
				super.start(listener, headers);
			}
			catch (RuntimeException | Error ex) {
				listener.finish(Status.fromThrowable(ex));
				throw ex;
			}
		}

	}

	private static final class ObservedListener<RespT>
			extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {

		private final GrpcCallMetrics.MethodMeters meters;

		private final GrpcClientTracing.ClientSpan span;

		private final List<GrpcExceptionListener> listeners;

		private final long startNanos;

		private boolean finished;

		ObservedListener(ClientCall.Listener<RespT> delegate, GrpcCallMetrics.MethodMeters meters,
				GrpcClientTracing.ClientSpan span, List<GrpcExceptionListener> listeners, long startNanos) {
			super(delegate);
			this.meters = meters;
			this.span = span;
			this.listeners = listeners;
			this.startNanos = startNanos;
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			// Recorded before the application hears of the outcome, so what it sees is
			// already counted.
			finish(status);
			super.onClose(status, trailers);
		}

		void finish(Status status) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			try {
				this.meters.record(status.getCode(), System.nanoTime() - this.startNanos);
				if (!status.isOk()) {
					for (GrpcExceptionListener listener : this.listeners) {
						listener.onClientFailure(status);
					}
				}
			}
			finally {
				this.span.end(status.getCode(), status.getCause());
			}
		}

	}

}
