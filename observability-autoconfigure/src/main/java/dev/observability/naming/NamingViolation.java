package dev.observability.naming;

/**
 * One rule a meter breaks.
 *
 * @param meter the meter's name as Prometheus shows it
 * @param rule the rule
 * @param suggestion a name or change that fixes it
 */
record NamingViolation(String meter, NamingRule rule, String suggestion) {

	/** A one-line message that names the rule and the fix. */
	public String message() {
		return this.meter + ": " + this.rule.description() + " [" + this.rule.id() + "]; suggested: " + this.suggestion;
	}

}
