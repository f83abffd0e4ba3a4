package dev.observability.core;

/**
 * Status codes as the boxed keys and label strings the hot path needs, made once, so
 * recording a request allocates neither.
 */
public final class HttpStatusCodes {

	private static final int MIN = 100;

	private static final int MAX = 599;

	private static final Integer[] KEYS = new Integer[MAX + 1];

	private static final String[] TEXTS = new String[MAX + 1];

	static {
		for (int status = MIN; status <= MAX; status++) {
			KEYS[status] = status;
			TEXTS[status] = Integer.toString(status);
		}
	}

	private HttpStatusCodes() {
	}

	/** The status as a map key. */
	public static Integer key(int status) {
		return isStandard(status) ? KEYS[status] : Integer.valueOf(status);
	}

	/** The status as the {@code code} label value. */
	public static String text(int status) {
		return isStandard(status) ? TEXTS[status] : Integer.toString(status);
	}

	private static boolean isStandard(int status) {
		return status >= MIN && status <= MAX;
	}

}
