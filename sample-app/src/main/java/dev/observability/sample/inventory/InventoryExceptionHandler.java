package dev.observability.sample.inventory;

import io.grpc.Status;
import io.grpc.StatusException;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * The application's own gRPC exception handler: business exceptions become the status the
 * client should see. The starter consults it before its own fallback, counts what it
 * answers as {@code errors_total{type="handled"}} and records the status it chose.
 */
@Component
class InventoryExceptionHandler implements GrpcExceptionHandler {

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof OutOfStockException) {
			return Status.FAILED_PRECONDITION.withDescription(exception.getMessage()).asException();
		}
		if (exception instanceof IllegalArgumentException) {
			return Status.INVALID_ARGUMENT.withDescription(exception.getMessage()).asException();
		}
		return null;
	}

}
