package dev.observability.doctor;

/**
 * The pitfalls a finding belongs to: the five of the README's table and the hardening of
 * what the telemetry exposes and says about itself.
 */
public enum Pitfall {

	/** 1: logs, metrics and traces of one request do not agree. */
	LOGS_METRICS_DISAGREE("1", "Logs and metrics disagree"),

	/** 2: trace context and MDC are lost when work changes threads. */
	CONTEXT_LOST("2", "Context is lost across threads"),

	/** 3: exceptions are swallowed without being counted. */
	EXCEPTIONS_VANISH("3", "Exceptions vanish"),

	/** 4: metric names and labels break Prometheus conventions or grow without bound. */
	METRIC_NAMES("4", "Metric names break Prometheus conventions"),

	/** 5: measurement happens in the wrong layer, or twice. */
	WRONG_LAYER("5", "Instrumentation in the wrong layer"),

	/** The actuator endpoints are reachable only by whom they should be. */
	HARDENING("hardening", "Actuator endpoints exposed"),

	/** The telemetry says which build, commit and pod it comes from. */
	RESOURCES("resources", "Telemetry does not say where it comes from");

	private final String id;

	private final String title;

	Pitfall(String id, String title) {
		this.id = id;
		this.title = title;
	}

	/**
	 * The number of the pitfall in the README's table, or {@code hardening} /
	 * {@code resources}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * What goes wrong, in a few words.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

}
