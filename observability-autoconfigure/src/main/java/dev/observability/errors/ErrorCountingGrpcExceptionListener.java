package dev.observability.errors;

import dev.observability.grpc.GrpcExceptionListener;
import io.grpc.Status;

/**
 * Counts the exception of a gRPC server call with the status the client received as its
 * {@code code}: {@code type="handled"} when a status answered it, {@code type="panic"}
 * when it escaped every handler. A business-normal outcome ({@link ErrorCode#OK}) is not
 * counted.
 */
public class ErrorCountingGrpcExceptionListener implements GrpcExceptionListener {

	private final ErrorCounter counter;

	/**
	 * Creates the listener.
	 * @param counter counts the exceptions
	 */
	public ErrorCountingGrpcExceptionListener(ErrorCounter counter) {
		this.counter = counter;
	}

	@Override
	public void onException(Throwable exception, boolean handled, Status.Code code) {
		String type = handled ? ErrorCounter.HANDLED : ErrorCounter.PANIC;
		// The 17 canonical codes are gRPC's, name for name.
		this.counter.record(ErrorSource.GRPC, type, exception, ErrorCode.valueOf(code.name()));
	}

}
