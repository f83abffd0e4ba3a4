package dev.observability.grpc;

import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * The two {@link GrpcExceptionHandler}s that connect Spring gRPC's exception handling to
 * {@link GrpcServerErrors}: one that only notes the exception for the call, consulted
 * first, and one that answers every exception no handler of the application answered,
 * consulted last.
 */
public final class GrpcExceptionHandlers {

	private GrpcExceptionHandlers() {
	}

	/**
	 * Notes the exception on the call (so that, once a handler of the application turns
	 * it into a status, it is counted as {@code handled}) and leaves it to the next
	 * handler.
	 */
	public static final class Recorder implements GrpcExceptionHandler, Ordered {

		@Override
		public @Nullable StatusException handleException(Throwable exception) {
			ServerCallObservation call = ServerCallObservation.current();
			if (call != null) {
				call.exceptionSeen(exception);
			}
			return null;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/**
	 * Answers what no other handler answered: counts it as a {@code panic}, logs it and
	 * closes the call with its classified status and a safe description.
	 */
	public static final class Fallback implements GrpcExceptionHandler, Ordered {

		private final GrpcServerErrors errors;

		/**
		 * Creates the handler.
		 * @param errors classifies and counts the exception
		 */
		public Fallback(GrpcServerErrors errors) {
			this.errors = errors;
		}

		@Override
		public StatusException handleException(Throwable exception) {
			return this.errors.unhandled(exception, ServerCallObservation.current());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
