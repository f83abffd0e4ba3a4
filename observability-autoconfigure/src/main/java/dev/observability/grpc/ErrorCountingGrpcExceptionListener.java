package dev.observability.grpc;

import dev.observability.errors.ErrorCode;
import dev.observability.errors.ErrorCounter;
import dev.observability.errors.ErrorSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Counts the exception of a gRPC server call with the status the client received as its
 * {@code code}: {@code type="handled"} when a status answered it, {@code type="panic"}
 * when it escaped every handler. A call this service made that ended non-OK is counted as
 * {@code source="grpc_client", type="handled"}. A business-normal outcome
 * ({@link ErrorCode#OK}) is not counted.
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

	@Override
	public void onClientFailure(Status status) {
		// The stub raises a StatusRuntimeException; a cause (a refused connection) says
		// more.
		Throwable cause = status.getCause();
		this.counter.record(ErrorSource.GRPC_CLIENT, ErrorCounter.HANDLED, ErrorCode.valueOf(status.getCode().name()),
				(cause != null) ? cause.getClass() : StatusRuntimeException.class);
	}

}
