package dev.observability.http;

import dev.observability.core.LabelNames;

/**
 * Bounds the {@code method} label to the standard HTTP methods.
 */
final class HttpMethods {

	private static final String[] KNOWN = { "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH",
			"CONNECT" };

	private HttpMethods() {
	}

	/**
	 * Returns the canonical method name, or {@code OTHER} for anything non-standard so that an
	 * invented method cannot create series.
	 */
	static String normalize(String method) {
		if (method != null) {
			for (String known : KNOWN) {
				if (known.equals(method)) {
					return known;
				}
			}
		}
		return LabelNames.OTHER;
	}

}
