package dev.observability.doctor;

import java.util.Locale;

/**
 * How bad a finding is.
 */
public enum FindingSeverity {

	/** The pitfall is closed in this service. */
	OK,

	/** The pitfall is open, or closed only partly; the service still works. */
	WARN,

	/** The pitfall is open and the telemetry is wrong or missing because of it. */
	FAIL;

	/**
	 * The name shown in the report and the endpoint: {@code ok}, {@code warn},
	 * {@code fail}.
	 * @return the lower-case name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether a finding of this severity still needs work.
	 * @return true for warn and fail
	 */
	public boolean isOpen() {
		return this != OK;
	}

}
