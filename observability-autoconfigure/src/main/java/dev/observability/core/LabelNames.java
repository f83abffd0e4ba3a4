package dev.observability.core;

/**
 * Label names shared by metrics and MDC keys, so that a request's log fields and its
 * metric labels are the same words.
 */
public final class LabelNames {

	/** HTTP request method, or gRPC method name. */
	public static final String METHOD = "method";

	/** Matched HTTP route template. */
	public static final String ROUTE = "route";

	/** HTTP status code, or gRPC status name. */
	public static final String CODE = "code";

	/** gRPC service name. */
	public static final String SERVICE = "service";

	/** Messaging system ({@code kafka}). */
	public static final String SYSTEM = "system";

	/** Messaging destination: the topic (or queue). */
	public static final String DESTINATION = "destination";

	/** Consumer group of a message listener. */
	public static final String GROUP = "group";

	/** Duration of the request in seconds, on access log lines. */
	public static final String DURATION_SECONDS = "duration_seconds";

	/** Label value for anything past a cardinality cap. */
	public static final String OTHER = "OTHER";

	private LabelNames() {
	}

}
