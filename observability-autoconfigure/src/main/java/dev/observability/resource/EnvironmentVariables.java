package dev.observability.resource;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where the resource detector reads process environment variables from. The default reads
 * the real environment; tests and unusual platforms provide their own bean.
 */
@FunctionalInterface
public interface EnvironmentVariables {

	/**
	 * Returns the value of a variable.
	 * @param name the variable name
	 * @return the value, or {@code null} when the variable is not set
	 */
	@Nullable String get(String name);

	/**
	 * The environment of this process, as {@link System#getenv(String)} sees it.
	 * @return the process environment
	 */
	static EnvironmentVariables system() {
		return System::getenv;
	}

	/**
	 * A fixed set of variables, nothing else.
	 * @param variables the variables
	 * @return an environment holding only the given variables
	 */
	static EnvironmentVariables of(Map<String, String> variables) {
		Map<String, String> copy = Map.copyOf(variables);
		return copy::get;
	}

}
