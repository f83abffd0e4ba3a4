package dev.observability.http;

/**
 * Which requests the access log writes a line for.
 */
public enum AccessLogMode {

	/** No access log. */
	OFF,

	/**
	 * Responses with a code of 400 or more, and requests slower than the slow threshold.
	 */
	ERRORS_AND_SLOW,

	/** Every request. */
	ALL

}
