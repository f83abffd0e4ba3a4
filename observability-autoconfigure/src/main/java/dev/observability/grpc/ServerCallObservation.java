package dev.observability.grpc;

import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Context;
import io.grpc.Status;

/**
 * One gRPC call on the server, from its start until its stream closed: which method it
 * is, its server span, the exception its method threw and the status the client received.
 * <p>
 * With {@link GrpcServerStreamTracerFactory} on the server the call is finished by the
 * stream tracer, with the status actually sent (or {@code CANCELLED} /
 * {@code DEADLINE_EXCEEDED} when the client went away); with the interceptor alone it is
 * finished in {@code onComplete} / {@code onCancel}.
 */
final class ServerCallObservation {

	static final Context.Key<ServerCallObservation> KEY = Context.key("dev.observability.grpc.ServerCallObservation");

	private final GrpcCallMetrics metrics;

	private final long startNanos;

	private final boolean streamTraced;

	private final AtomicBoolean intercepted = new AtomicBoolean();

	private final AtomicBoolean errorCounted = new AtomicBoolean();

	private GrpcCallMetrics.MethodMeters meters;

	private GrpcServerTracing.ServerSpan span = GrpcServerTracing.ServerSpan.NONE;

	private boolean finished;

	private volatile Throwable exception;

	private volatile Status.Code closeCode;

	private volatile Status.Code finalCode;

	ServerCallObservation(GrpcCallMetrics metrics, long startNanos, boolean streamTraced) {
		this.metrics = metrics;
		this.startNanos = startNanos;
		this.streamTraced = streamTraced;
	}

	/**
	 * The observation of the call the current thread works for, or {@code null}:
	 * available in listener callbacks and in a {@code GrpcExceptionHandler}.
	 * @return the observation or {@code null}
	 */
	public static ServerCallObservation current() {
		return KEY.get();
	}

	/** The {@code service} label of the call. */
	public synchronized String service() {
		return (this.meters != null) ? this.meters.service() : GrpcCallMetrics.UNMATCHED;
	}

	/** The {@code method} label of the call. */
	public synchronized String method() {
		return (this.meters != null) ? this.meters.method() : GrpcCallMetrics.UNMATCHED;
	}

	boolean isStreamTraced() {
		return this.streamTraced;
	}

	/**
	 * Claims the call for one interceptor, so that an interceptor added twice measures
	 * once.
	 */
	boolean markIntercepted() {
		return this.intercepted.compareAndSet(false, true);
	}

	/** Claims the call's single {@code errors_total} increment. */
	boolean markErrorCounted() {
		return this.errorCounted.compareAndSet(false, true);
	}

	synchronized void identify(GrpcCallMetrics.MethodMeters methodMeters) {
		if (this.meters == null) {
			this.meters = methodMeters;
		}
	}

	void started(GrpcServerTracing.ServerSpan serverSpan) {
		synchronized (this) {
			if (!this.finished) {
				this.span = serverSpan;
				return;
			}
		}
		// The client went away before the interceptor ran: end the span with what it
		// received.
		serverSpan.end(this.finalCode, this.exception);
	}

	void exceptionSeen(Throwable thrown) {
		if (this.exception == null) {
			this.exception = thrown;
		}
	}

	Throwable exception() {
		return this.exception;
	}

	void closing(Status status) {
		this.closeCode = status.getCode();
	}

	Status.Code closeCode() {
		return this.closeCode;
	}

	/**
	 * The code for the MDC: the final one once known, else the one the call was closed
	 * with.
	 */
	Status.Code code() {
		Status.Code code = this.finalCode;
		return (code != null) ? code : this.closeCode;
	}

	/**
	 * Records the call once, with the status the client received, and ends its span.
	 * @param code the final status code
	 */
	void finish(Status.Code code) {
		GrpcCallMetrics.MethodMeters methodMeters;
		GrpcServerTracing.ServerSpan serverSpan;
		synchronized (this) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			this.finalCode = code;
			methodMeters = (this.meters != null) ? this.meters : this.metrics.unmatched();
			serverSpan = this.span;
		}
		long duration = System.nanoTime() - this.startNanos;
		// Recorded while the span is in scope, so latency buckets carry it as an
		// exemplar.
		SpanScope scope = serverSpan.open();
		try {
			methodMeters.record(code, duration);
		}
		finally {
			scope.close();
			serverSpan.end(code, this.exception);
		}
	}

}
