package dev.observability.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Starts and ends the client span of a gRPC call and puts its context into the request
 * metadata. {@link #NONE} is used when tracing is absent.
 */
public interface GrpcClientTracing {

	/** Creates no spans. */
	GrpcClientTracing NONE = (service, method) -> ClientSpan.NONE;

	/**
	 * Starts a client span as a child of the current span.
	 * @param service the {@code service} label
	 * @param method the {@code method} label
	 * @return the started span
	 */
	ClientSpan start(String service, String method);

	/**
	 * A started client span.
	 */
	interface ClientSpan {

		/** A span that does nothing. */
		ClientSpan NONE = new ClientSpan() {
		};

		/**
		 * Writes the span's context ({@code traceparent}, and B3 when configured) into
		 * the request metadata, replacing what was there.
		 * @param headers the request metadata
		 */
		default void inject(Metadata headers) {
		}

		/**
		 * Ends the span; every code but {@code OK} is an error on the client.
		 * @param code the status the client got
		 * @param error the cause of that status, or {@code null}
		 */
		default void end(Status.Code code, @Nullable Throwable error) {
		}

	}

}
