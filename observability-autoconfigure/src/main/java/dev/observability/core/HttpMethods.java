package dev.observability.core;

/**
 * Bounds the {@code method} label to the standard HTTP methods.
 */
public final class HttpMethods {

	private static final String[] KNOWN = { "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH",
			"CONNECT" };

	private HttpMethods() {
	}

	/**
	 * Returns the canonical method name, or {@code OTHER} for anything non-standard so
	 * that an invented method cannot create series.
	 */
	public static String normalize(String method) {
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
