package dev.observability.naming;

/**
 * What the naming guard does with a meter that breaks a rule. Every mode logs once per
 * meter and counts in {@code observability_naming_violations_total{rule}}.
 */
enum NamingMode {

	/**
	 * Rewrite what can be fixed without changing values (camelCase, illegal characters,
	 * ...), warn about the rest.
	 */
	RENAME,

	/** Change nothing. */
	WARN,

	/** Throw at registration, naming the rule and the fixed name: for tests and CI. */
	FAIL,

	/** Drop the meter. */
	DENY

}
