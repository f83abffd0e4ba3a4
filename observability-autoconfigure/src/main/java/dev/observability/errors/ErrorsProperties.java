package dev.observability.errors;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for error classification and {@code errors_total}.
 */
@ConfigurationProperties("observability.errors")
public class ErrorsProperties {

	/** Largest value accepted for {@code max-exception-names}. */
	static final int MAX_EXCEPTION_NAMES_LIMIT = 10_000;

	/** Whether exceptions are classified and counted in errors_total. */
	private boolean enabled = true;

	/**
	 * Canonical code per exception class name, subclasses included, applied before the
	 * built-in rules. OK marks a business-normal outcome that is not counted as an error.
	 * Use the bracket notation for the keys, e.g. "[com.example.OrderConflictException]:
	 * ABORTED".
	 */
	private Map<String, ErrorCode> mappings = new LinkedHashMap<>();

	/**
	 * Number of distinct exception label values kept; further exception types are counted
	 * as "OTHER" so that errors_total stays bounded.
	 */
	private int maxExceptionNames = 100;

	/**
	 * Whether to install a default uncaught-exception handler that counts threads dying
	 * of an exception (source "thread") before delegating to the previous handler.
	 */
	private boolean installUncaughtExceptionHandler = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, ErrorCode> getMappings() {
		return this.mappings;
	}

	public void setMappings(Map<String, ErrorCode> mappings) {
		this.mappings = mappings;
	}

	public int getMaxExceptionNames() {
		return this.maxExceptionNames;
	}

	public void setMaxExceptionNames(int maxExceptionNames) {
		if (maxExceptionNames < 1 || maxExceptionNames > MAX_EXCEPTION_NAMES_LIMIT) {
			throw new IllegalArgumentException(
					"must be between 1 and " + MAX_EXCEPTION_NAMES_LIMIT + " (was " + maxExceptionNames + ")");
		}
		this.maxExceptionNames = maxExceptionNames;
	}

	public boolean isInstallUncaughtExceptionHandler() {
		return this.installUncaughtExceptionHandler;
	}

	public void setInstallUncaughtExceptionHandler(boolean installUncaughtExceptionHandler) {
		this.installUncaughtExceptionHandler = installUncaughtExceptionHandler;
	}

}
