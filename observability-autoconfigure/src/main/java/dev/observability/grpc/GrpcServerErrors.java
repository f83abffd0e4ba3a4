package dev.observability.grpc;

import java.util.List;

import dev.observability.errors.ErrorClassifierChain;
import dev.observability.errors.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to an exception that escaped a gRPC service method: classifies it
 * into a canonical code, tells the {@link GrpcExceptionListener}s (once per call; the
 * errors capability counts it in {@code errors_total{source="grpc"}}), logs a panic with
 * its stack trace on the server, and gives the status the client receives: the classified
 * code with a safe description that says nothing about the exception.
 * <p>
 * A {@link StatusRuntimeException} or {@link StatusException} is gRPC's way to answer
 * with a status: its status, description and trailers are kept and it is reported as
 * {@code handled}.
 */
class GrpcServerErrors {

	/** The description a client receives for a panic. */
	public static final String SAFE_DESCRIPTION = "Application error processing RPC";

	private static final Logger logger = LoggerFactory.getLogger(GrpcServerErrors.class);

	private final ErrorClassifierChain classifier;

	private final List<GrpcExceptionListener> listeners;

	/**
	 * Creates the handling.
	 * @param classifier decides the code of an exception
	 * @param listeners told about each call's exception (none to report nothing)
	 */
	GrpcServerErrors(ErrorClassifierChain classifier, List<GrpcExceptionListener> listeners) {
		this.classifier = classifier;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Handles an exception that no handler answered: reports it once for the call and
	 * returns the status to close the call with.
	 * @param exception the exception
	 * @param call the call's observation, or {@code null} outside an observed call
	 * @return the status the client receives
	 */
	public StatusException unhandled(Throwable exception, @Nullable ServerCallObservation call) {
		if (call != null) {
			call.exceptionSeen(exception);
		}
		if (exception instanceof StatusRuntimeException statusException) {
			reportOnce(call, exception, true, statusException.getStatus().getCode());
			return new StatusException(statusException.getStatus(), statusException.getTrailers());
		}
		if (exception instanceof StatusException statusException) {
			reportOnce(call, exception, true, statusException.getStatus().getCode());
			return statusException;
		}
		Status.Code code = statusCode(classify(exception));
		reportOnce(call, exception, false, code);
		if (call != null) {
			logger.error("Uncaught exception in gRPC method {}/{}", call.service(), call.method(), exception);
		}
		else {
			logger.error("Uncaught exception in a gRPC method", exception);
		}
		return Status.fromCode(code).withDescription(SAFE_DESCRIPTION).asException();
	}

	/**
	 * Reports an exception that a handler of the application turned into a status, with
	 * that status, unless the call's exception was already reported.
	 * @param exception the exception
	 * @param status the status the call is closed with
	 * @param call the call's observation, or {@code null}
	 */
	public void handled(Throwable exception, Status status, @Nullable ServerCallObservation call) {
		reportOnce(call, exception, true, status.getCode());
	}

	private void reportOnce(@Nullable ServerCallObservation call, Throwable exception, boolean handled,
			Status.Code code) {
		if (call != null && !call.markErrorCounted()) {
			return;
		}
		for (GrpcExceptionListener listener : this.listeners) {
			try {
				listener.onException(exception, handled, code);
			}
			catch (RuntimeException ex) {
				// A failing listener must not change the status the client receives.
			}
		}
	}

	private ErrorCode classify(Throwable exception) {
		try {
			return this.classifier.classify(exception).code();
		}
		catch (RuntimeException ex) {
			return ErrorCode.UNKNOWN;
		}
	}

	/**
	 * An exception that escaped is never a success: {@code OK} becomes {@code UNKNOWN}.
	 */
	private static Status.Code statusCode(ErrorCode code) {
		return (code == ErrorCode.OK) ? Status.Code.UNKNOWN : Status.Code.valueOf(code.name());
	}

}
