package dev.observability.errors;

/**
 * Values of the {@code source} label of {@code errors_total}: where an exception was
 * seen.
 */
public final class ErrorSource {

	/** An HTTP request. */
	public static final String HTTP = "http";

	/** A gRPC call. */
	public static final String GRPC = "grpc";

	/** An outbound HTTP call (RestClient, RestTemplate, WebClient). */
	public static final String HTTP_CLIENT = "http_client";

	/** An outbound gRPC call. */
	public static final String GRPC_CLIENT = "grpc_client";

	/** A message producer or listener (Kafka). */
	public static final String MESSAGING = "messaging";

	/** An {@code @Async} method or a task on a decorated executor. */
	public static final String ASYNC = "async";

	/** A {@code @Scheduled} job. */
	public static final String SCHEDULED = "scheduled";

	/** A thread that died of an uncaught exception. */
	public static final String THREAD = "thread";

	/** A business event. */
	public static final String EVENT = "event";

	private ErrorSource() {
	}

}
