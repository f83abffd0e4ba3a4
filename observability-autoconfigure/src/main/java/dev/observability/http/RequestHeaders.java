package dev.observability.http;

import org.jspecify.annotations.Nullable;

/**
 * Reads the headers of one kind of request (servlet or reactive), so that the server
 * span's incoming trace context is extracted the same way on every stack.
 *
 * @param <R> the request type
 */
interface RequestHeaders<R> {

	/**
	 * Returns the first value of a header.
	 * @param request the request
	 * @param name the header name, in any case
	 * @return the value, or {@code null} when the header is absent
	 */
	@Nullable String get(R request, String name);

	/**
	 * Returns the names of the request's headers.
	 * @param request the request
	 * @return the header names
	 */
	Iterable<String> names(R request);

}
