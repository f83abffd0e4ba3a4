package dev.observability.naming;

/**
 * The rules a meter is judged by when it is registered: those of Prometheus' promlint
 * (what {@code promtool check metrics} reports), the exposition grammar, and the
 * application namespace.
 */
public enum NamingRule {

	/** Metric names are snake_case, not camelCase. */
	CAMEL_CASE("camel_case", "metric names should be written in snake_case, not camelCase"),

	/** Label names are snake_case, not camelCase. */
	CAMEL_CASE_LABEL("camel_case_label", "label names should be written in snake_case, not camelCase"),

	/** Units are spelled out: no {@code _ms}, {@code _ns}, {@code _kb}. */
	ABBREVIATED_UNIT("abbreviated_unit", "metric names should not contain abbreviated units"),

	/** Values use base units: seconds, bytes, meters. */
	NON_BASE_UNIT("non_base_unit", "metric names should use base units (seconds, bytes, ...)"),

	/** The metric type does not belong in the name. */
	TYPE_IN_NAME("type_in_name", "metric names should not include the metric type"),

	/** Only counters end in {@code _total}. */
	TOTAL_ON_NON_COUNTER("total_on_non_counter", "non-counter metrics should not have the _total suffix"),

	/**
	 * {@code _count}, {@code _sum}, {@code _bucket} belong to histograms and summaries.
	 */
	RESERVED_SUFFIX("reserved_suffix", "non-histogram metrics should not end in _count, _sum or _bucket"),

	/** {@code le} and {@code quantile} belong to histograms and summaries. */
	RESERVED_LABEL("reserved_label", "labels le and quantile are reserved for histograms and summaries"),

	/** Colons are reserved for recording rules. */
	RESERVED_CHAR("reserved_char", "metric names should not contain ':' (reserved for recording rules)"),

	/** The name matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
	INVALID_NAME("invalid_name", "metric names must match [a-zA-Z_:][a-zA-Z0-9_:]*"),

	/**
	 * Label names match {@code [a-zA-Z_][a-zA-Z0-9_]*} and do not start with {@code __}.
	 */
	INVALID_LABEL_NAME("invalid_label_name",
			"label names must match [a-zA-Z_][a-zA-Z0-9_]* and must not start with '__'"),

	/** Application meters start with the application namespace. */
	MISSING_NAMESPACE("missing_namespace", "application metrics should start with the application namespace"),

	/** Application meters do not borrow a framework prefix. */
	FRAMEWORK_PREFIX("framework_prefix", "application metrics should not use a framework prefix"),

	/** Every meter has a description, which becomes its HELP text. */
	MISSING_DESCRIPTION("missing_description", "every metric should have a description (HELP text)");

	private final String id;

	private final String description;

	NamingRule(String id, String description) {
		this.id = id;
		this.description = description;
	}

	/**
	 * The value of the {@code rule} label of
	 * {@code observability_naming_violations_total}.
	 */
	public String id() {
		return this.id;
	}

	/** What the rule asks for. */
	public String description() {
		return this.description;
	}

}
