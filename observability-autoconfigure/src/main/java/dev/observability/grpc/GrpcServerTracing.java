package dev.observability.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the server span of a gRPC call. {@link #NONE} is used when tracing is
 * absent.
 */
public interface GrpcServerTracing {

	/** Creates no spans. */
	GrpcServerTracing NONE = (service, method, headers) -> ServerSpan.NONE;

	/**
	 * Starts the server span of a call, continuing the trace context of the request
	 * metadata when it carries a valid one and starting a new trace otherwise.
	 * @param service the {@code service} label
	 * @param method the {@code method} label
	 * @param headers the request metadata
	 * @return the started span, not yet in scope
	 */
	ServerSpan start(String service, String method, Metadata headers);

	/**
	 * A started server span.
	 */
	interface ServerSpan {

		/** A span that does nothing. */
		ServerSpan NONE = new ServerSpan() {
		};

		/**
		 * Puts the span in scope on the current thread (and with it Boot's
		 * {@code traceId} and {@code spanId} MDC entries).
		 * @return the scope to close
		 */
		default SpanScope open() {
			return SpanScope.NOOP;
		}

		/**
		 * Ends the span with the call's outcome; its status is an error only for the
		 * codes OpenTelemetry's gRPC conventions count as server errors.
		 * @param code the status the client received
		 * @param error the exception behind it, or {@code null}
		 */
		default void end(Status.Code code, @Nullable Throwable error) {
		}

	}

}
