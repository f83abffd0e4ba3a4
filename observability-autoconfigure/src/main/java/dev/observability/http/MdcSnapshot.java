package dev.observability.http;

import dev.observability.core.LabelNames;
import org.slf4j.MDC;

/**
 * The request label MDC entries of a thread before a request touched them, so that they can be
 * put back exactly as they were (a value restored, an absent key removed).
 */
final class MdcSnapshot {

	private final String method;

	private final String route;

	private final String code;

	private MdcSnapshot(String method, String route, String code) {
		this.method = method;
		this.route = route;
		this.code = code;
	}

	static MdcSnapshot capture() {
		return new MdcSnapshot(MDC.get(LabelNames.METHOD), MDC.get(LabelNames.ROUTE), MDC.get(LabelNames.CODE));
	}

	void restore() {
		restore(LabelNames.METHOD, this.method);
		restore(LabelNames.ROUTE, this.route);
		restore(LabelNames.CODE, this.code);
	}

	private static void restore(String key, String value) {
		if (value == null) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, value);
		}
	}

}
