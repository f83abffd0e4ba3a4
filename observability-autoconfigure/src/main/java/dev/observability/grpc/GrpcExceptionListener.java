package dev.observability.grpc;

import io.grpc.Status;

/**
 * Told about the exception of a gRPC server call, once per call, while its server span is
 * in scope and its labels are in the MDC, and about a client call that ended non-OK.
 * {@link ErrorCountingGrpcExceptionListener} uses it to count {@code errors_total}.
 * <p>
 * Unlike {@code HttpExceptionListener} it decides nothing about the span: a server span's
 * status follows the call's status code alone, as OpenTelemetry's gRPC conventions say.
 */
@FunctionalInterface
public interface GrpcExceptionListener {

	/**
	 * Called once per call whose service method threw.
	 * @param exception the exception the method threw
	 * @param handled {@code true} when a status answered it (an exception handler of the
	 * application, or the exception was a {@code StatusRuntimeException} /
	 * {@code StatusException}), {@code false} when it escaped every handler (a panic)
	 * @param code the status code the call is closed with: the one the client receives
	 */
	void onException(Throwable exception, boolean handled, Status.Code code);

	/**
	 * Called once per client call this service made that ended with a non-OK status,
	 * before the application hears of the outcome.
	 * @param status the status the call closed with
	 */
	default void onClientFailure(Status status) {
	}

}
