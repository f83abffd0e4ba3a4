package dev.observability.errors;

/**
 * The canonical error codes: the 17 gRPC status codes, used for HTTP, gRPC and background
 * work alike so that errors from every source aggregate on one label.
 */
public enum ErrorCode {

	/** Not an error: a business-normal outcome. Never counted in {@code errors_total}. */
	OK,

	/** The operation was cancelled, typically by the caller. */
	CANCELLED,

	/** An error nothing could classify. */
	UNKNOWN,

	/** The caller sent an invalid argument, whatever the state of the system. */
	INVALID_ARGUMENT,

	/** The deadline expired before the operation could complete. */
	DEADLINE_EXCEEDED,

	/** A requested entity was not found. */
	NOT_FOUND,

	/** The entity the caller tried to create already exists. */
	ALREADY_EXISTS,

	/** The caller is known but may not do this. */
	PERMISSION_DENIED,

	/** A resource (quota, pool, queue, memory) is exhausted. */
	RESOURCE_EXHAUSTED,

	/** The system is not in a state required for the operation. */
	FAILED_PRECONDITION,

	/** The operation was aborted, typically by a concurrency conflict. */
	ABORTED,

	/** The operation went past the valid range. */
	OUT_OF_RANGE,

	/** The operation is not implemented or not supported. */
	UNIMPLEMENTED,

	/** An internal invariant was broken. */
	INTERNAL,

	/** The service or a dependency is unavailable; retrying may help. */
	UNAVAILABLE,

	/** Unrecoverable data loss or corruption. */
	DATA_LOSS,

	/** The caller has no valid credentials. */
	UNAUTHENTICATED;

	/**
	 * Returns the code of an HTTP response that carries no exception: 2xx and 3xx are
	 * {@link #OK}, 4xx and 5xx map as in Google's API design guide, other client errors
	 * are {@link #INVALID_ARGUMENT} and other server errors {@link #INTERNAL}.
	 * @param status the HTTP status
	 * @return the code, never {@code null}
	 */
	public static ErrorCode forHttpStatus(int status) {
		return switch (status) {
			case 400, 406, 411, 414, 415, 422, 431 -> INVALID_ARGUMENT;
			case 401 -> UNAUTHENTICATED;
			case 403 -> PERMISSION_DENIED;
			case 404, 410 -> NOT_FOUND;
			case 405, 501 -> UNIMPLEMENTED;
			case 408, 504 -> DEADLINE_EXCEEDED;
			case 409 -> ABORTED;
			case 412, 428 -> FAILED_PRECONDITION;
			case 413, 429 -> RESOURCE_EXHAUSTED;
			case 416 -> OUT_OF_RANGE;
			case 499 -> CANCELLED;
			case 502, 503 -> UNAVAILABLE;
			default -> defaultFor(status);
		};
	}

	private static ErrorCode defaultFor(int status) {
		if (status >= 500) {
			return INTERNAL;
		}
		if (status >= 400) {
			return INVALID_ARGUMENT;
		}
		return OK;
	}

}
