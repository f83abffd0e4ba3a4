package dev.observability.grpc;

import dev.observability.core.LabelNames;
import dev.observability.core.MdcKeys;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.Ordered;

/**
 * Measures and traces every gRPC call once, at the protocol entry: register it as the
 * outermost interceptor, together with {@link GrpcServerStreamTracerFactory} on the
 * server builder.
 * <p>
 * Per call it starts the server span (continuing the trace of the request metadata),
 * records {@code grpc_server_requests_total} and
 * {@code grpc_server_request_duration_seconds} with the final status, and puts
 * {@code service}, {@code method}, {@code code} (once known) and the trace ids in the MDC
 * around every listener callback, whatever thread runs it. An exception that escapes the
 * inner interceptors and the service closes the call with its classified status.
 */
public class GrpcServerObservabilityInterceptor implements ServerInterceptor, Ordered {

	/** The MDC entries of a call, saved before each callback and restored after it. */
	private static final MdcKeys MDC_KEYS = MdcKeys.of(LabelNames.SERVICE, LabelNames.METHOD, LabelNames.CODE);

	private final GrpcCallMetrics metrics;

	private final GrpcServerTracing tracing;

	private final GrpcServerErrors errors;

	/**
	 * Creates the interceptor.
	 * @param metrics the server meters, the same as the stream tracer factory's
	 * @param tracing starts the server span ({@link GrpcServerTracing#NONE} for none)
	 * @param errors handles exceptions that escape the service
	 */
	public GrpcServerObservabilityInterceptor(GrpcCallMetrics metrics, GrpcServerTracing tracing,
			GrpcServerErrors errors) {
		this.metrics = metrics;
		this.tracing = tracing;
		this.errors = errors;
	}

	/**
	 * Outermost: before every other interceptor, Spring gRPC's exception handler
	 * included.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		ServerCallObservation observation = ServerCallObservation.current();
		if (observation == null) {
			observation = new ServerCallObservation(this.metrics, System.nanoTime(), false);
		}
		if (!observation.markIntercepted()) {
			// Registered twice (globally and by hand): the outer one measures.
			return next.startCall(call, headers);
		}
		GrpcCallMetrics.MethodMeters meters = this.metrics.forMethod(call.getMethodDescriptor());
		observation.identify(meters);
		GrpcServerTracing.ServerSpan span = this.tracing.start(meters.service(), meters.method(), headers);
		observation.started(span);
		ObservedCall<ReqT, RespT> observedCall = new ObservedCall<>(call, observation, this.errors);
		Context context = Context.current().withValue(ServerCallObservation.KEY, observation);
		ObservedListener<ReqT, RespT> listener = new ObservedListener<>(observedCall, observation, span, context,
				meters, this.errors, next);
		// gRPC's own wrapper attaches the context around startCall and every callback,
		// outside ours.
		return Contexts.interceptCall(context, observedCall, headers, listener);
	}

	/**
	 * Notes the status the call is closed with and reports an exception a handler
	 * answered.
	 */
	private static final class ObservedCall<ReqT, RespT>
			extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

		private final ServerCallObservation observation;

		private final GrpcServerErrors errors;

		private volatile boolean closed;

		ObservedCall(ServerCall<ReqT, RespT> delegate, ServerCallObservation observation, GrpcServerErrors errors) {
			super(delegate);
			this.observation = observation;
			this.errors = errors;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			this.closed = true;
			this.observation.closing(status);
			Throwable exception = this.observation.exception();
			if (exception != null) {
				this.errors.handled(exception, status, this.observation);
			}
			super.close(status, trailers);
		}

		boolean isClosed() {
			return this.closed;
		}

	}

	/**
	 * Puts the call's MDC entries and span in place around every callback, inside the
	 * gRPC context that {@link Contexts#interceptCall} attaches, and closes a call whose
	 * exception escaped. Callbacks of one call never run concurrently, so the saved state
	 * lives in fields. It is also the handler that {@code Contexts.interceptCall} starts
	 * the call with, so that starting it allocates nothing more.
	 */
	private static final class ObservedListener<ReqT, RespT> extends ForwardingServerCallListener<ReqT>
			implements ServerCallHandler<ReqT, RespT> {

		private static final ServerCall.Listener<Object> NOOP = new ServerCall.Listener<>() {
		};

		private final ObservedCall<ReqT, RespT> call;

		private final ServerCallObservation observation;

		private final GrpcServerTracing.ServerSpan span;

		private final Context context;

		private final GrpcCallMetrics.MethodMeters meters;

		private final GrpcServerErrors errors;

		private final ServerCallHandler<ReqT, RespT> next;

		/** The next handler's listener, from {@link #startCall} on. */
		@SuppressWarnings("unchecked")
		private ServerCall.Listener<ReqT> delegate = (ServerCall.Listener<ReqT>) NOOP;

		private boolean failed;

		private @Nullable String @Nullable [] previousMdc;

		private SpanScope scope = SpanScope.NOOP;

		ObservedListener(ObservedCall<ReqT, RespT> call, ServerCallObservation observation,
				GrpcServerTracing.ServerSpan span, Context context, GrpcCallMetrics.MethodMeters meters,
				GrpcServerErrors errors, ServerCallHandler<ReqT, RespT> next) {
			this.call = call;
			this.observation = observation;
			this.span = span;
			this.context = context;
			this.meters = meters;
			this.errors = errors;
			this.next = next;
		}

		@Override
		protected ServerCall.Listener<ReqT> delegate() {
			return this.delegate;
		}

		/**
		 * Starts the call on the next handler; called once, by
		 * {@link Contexts#interceptCall}.
		 */
		@Override
		@SuppressWarnings("unchecked")
		public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
			enter();
			try {
				this.delegate = this.next.startCall(call, headers);
			}
			catch (RuntimeException | Error ex) {
				this.delegate = (ServerCall.Listener<ReqT>) NOOP;
				failed(ex);
			}
			finally {
				exit();
			}
			return this;
		}

		@Override
		public void onMessage(ReqT message) {
			if (this.failed) {
				return;
			}
			enter();
			try {
				super.onMessage(message);
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
			}
			finally {
				exit();
			}
		}

		@Override
		public void onHalfClose() {
			if (this.failed) {
				return;
			}
			enter();
			try {
				super.onHalfClose();
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
			}
			finally {
				exit();
			}
		}

		@Override
		public void onReady() {
			if (this.failed) {
				return;
			}
			enter();
			try {
				super.onReady();
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
			}
			finally {
				exit();
			}
		}

		@Override
		public void onCancel() {
			if (!this.observation.isStreamTraced()) {
				this.observation.finish(cancelCode());
			}
			enter();
			try {
				super.onCancel();
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
			}
			finally {
				exit();
			}
		}

		@Override
		public void onComplete() {
			if (!this.observation.isStreamTraced()) {
				Status.Code code = this.observation.closeCode();
				this.observation.finish((code != null) ? code : Status.Code.OK);
			}
			enter();
			try {
				super.onComplete();
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
			}
			finally {
				exit();
			}
		}

		/** The client went away: it saw its deadline pass, or it cancelled. */
		private Status.Code cancelCode() {
			Deadline deadline = this.context.getDeadline();
			return (deadline != null && deadline.isExpired()) ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED;
		}

		private void failed(Throwable exception) {
			this.failed = true;
			StatusException status = this.errors.unhandled(exception, this.observation);
			if (!this.call.isClosed()) {
				Metadata trailers = status.getTrailers();
				this.call.close(status.getStatus(), (trailers != null) ? trailers : new Metadata());
			}
		}

		private void enter() {
			this.previousMdc = MDC_KEYS.save(this.previousMdc);
			MDC.put(LabelNames.SERVICE, this.meters.service());
			MDC.put(LabelNames.METHOD, this.meters.method());
			Status.Code code = this.observation.code();
			if (code != null) {
				MDC.put(LabelNames.CODE, code.name());
			}
			else {
				MDC.remove(LabelNames.CODE);
			}
			this.scope = this.span.open();
		}

		private void exit() {
			try {
				this.scope.close();
			}
			finally {
				MDC_KEYS.restore(this.previousMdc);
			}
		}

	}

}
