package dev.observability.doctor;

import java.util.Objects;

/**
 * One thing the pitfall report checked.
 *
 * @param id stable id of the check, such as {@code tracing.sampling}
 * @param pitfall the pitfall it belongs to
 * @param severity whether it is open
 * @param message what was found, in one line
 * @param fix the concrete fix (a property, a bean, a code change); empty when nothing is
 * to do
 */
public record Finding(String id, Pitfall pitfall, FindingSeverity severity, String message, String fix) {

	public Finding {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(pitfall, "pitfall");
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(message, "message");
		fix = (fix != null) ? fix : "";
	}

	/**
	 * A closed pitfall.
	 * @param id the id
	 * @param pitfall the pitfall
	 * @param message what was found
	 * @return the finding
	 */
	public static Finding ok(String id, Pitfall pitfall, String message) {
		return new Finding(id, pitfall, FindingSeverity.OK, message, "");
	}

	/**
	 * An open pitfall that does not yet make the telemetry wrong.
	 * @param id the id
	 * @param pitfall the pitfall
	 * @param message what was found
	 * @param fix how to close it
	 * @return the finding
	 */
	public static Finding warn(String id, Pitfall pitfall, String message, String fix) {
		return new Finding(id, pitfall, FindingSeverity.WARN, message, fix);
	}

	/**
	 * An open pitfall that makes the telemetry wrong or missing.
	 * @param id the id
	 * @param pitfall the pitfall
	 * @param message what was found
	 * @param fix how to close it
	 * @return the finding
	 */
	public static Finding fail(String id, Pitfall pitfall, String message, String fix) {
		return new Finding(id, pitfall, FindingSeverity.FAIL, message, fix);
	}

	/**
	 * Whether the finding still needs work.
	 * @return true for warn and fail
	 */
	public boolean isOpen() {
		return this.severity.isOpen();
	}

}
