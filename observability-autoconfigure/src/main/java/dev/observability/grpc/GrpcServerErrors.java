package dev.observability.grpc;

import dev.observability.errors.ErrorClassification;
import dev.observability.errors.ErrorClassifierChain;
import dev.observability.errors.ErrorCode;
import dev.observability.errors.ErrorCounter;
import dev.observability.errors.ErrorSource;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to an exception that escaped a gRPC service method: classifies it into a
 * canonical code, counts it in {@code errors_total{source="grpc"}}, logs a panic with its stack
 * trace on the server, and gives the status the client receives: the classified code with a safe
 * description that says nothing about the exception.
 * <p>
 * A {@link StatusRuntimeException} or {@link StatusException} is gRPC's way to answer with a
 * status: its status, description and trailers are kept and it is counted as {@code handled}.
 */
public class GrpcServerErrors {

	/** The description a client receives for a panic. */
	public static final String SAFE_DESCRIPTION = "Application error processing RPC";

	private static final Logger logger = LoggerFactory.getLogger(GrpcServerErrors.class);

	private final ErrorClassifierChain classifier;

	private final ErrorCounter counter;

	/**
	 * Creates the handling.
	 * @param classifier decides the code of an exception
	 * @param counter counts exceptions in {@code errors_total}, or {@code null} to count nothing
	 */
	public GrpcServerErrors(ErrorClassifierChain classifier, ErrorCounter counter) {
		this.classifier = classifier;
		this.counter = counter;
	}

	/**
	 * Handles an exception that no handler answered: counts it once for the call and returns the
	 * status to close the call with.
	 * @param exception the exception
	 * @param call the call's observation, or {@code null} outside an observed call
	 * @return the status the client receives
	 */
	public StatusException unhandled(Throwable exception, ServerCallObservation call) {
		if (call != null) {
			call.exceptionSeen(exception);
		}
		if (exception instanceof StatusRuntimeException statusException) {
			countOnce(call, ErrorCounter.HANDLED, exception);
			return new StatusException(statusException.getStatus(), statusException.getTrailers());
		}
		if (exception instanceof StatusException statusException) {
			countOnce(call, ErrorCounter.HANDLED, exception);
			return statusException;
		}
		ErrorClassification classification = countOnce(call, ErrorCounter.PANIC, exception);
		if (call != null) {
			logger.error("Uncaught exception in gRPC method {}/{}", call.service(), call.method(), exception);
		}
		else {
			logger.error("Uncaught exception in a gRPC method", exception);
		}
		return Status.fromCode(statusCode(classification.code())).withDescription(SAFE_DESCRIPTION).asException();
	}

	/**
	 * Counts an exception that a handler of the application turned into a status, unless it was
	 * already counted for this call.
	 * @param exception the exception
	 * @param call the call's observation, or {@code null}
	 */
	public void handled(Throwable exception, ServerCallObservation call) {
		countOnce(call, ErrorCounter.HANDLED, exception);
	}

	private ErrorClassification countOnce(ServerCallObservation call, String type, Throwable exception) {
		if (call != null && !call.markErrorCounted()) {
			return classify(exception);
		}
		if (this.counter != null) {
			return this.counter.record(ErrorSource.GRPC, type, exception);
		}
		return classify(exception);
	}

	private ErrorClassification classify(Throwable exception) {
		try {
			return this.classifier.classify(exception);
		}
		catch (RuntimeException ex) {
			return new ErrorClassification(ErrorCode.UNKNOWN, exception);
		}
	}

	/** An exception that escaped is never a success: {@code OK} becomes {@code UNKNOWN}. */
	private static Status.Code statusCode(ErrorCode code) {
		return (code == ErrorCode.OK) ? Status.Code.UNKNOWN : Status.Code.valueOf(code.name());
	}

}
