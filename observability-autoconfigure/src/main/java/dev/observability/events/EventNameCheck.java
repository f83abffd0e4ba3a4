package dev.observability.events;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Judges event names: lowercase snake_case starting with a letter, no reserved prefix,
 * not longer than a limit. Runs on the calling thread for every event that is not on the
 * allowlist, so it is a character loop, not a regular expression.
 */
class EventNameCheck {

	private final int maxLength;

	private final String[] reservedPrefixes;

	/**
	 * Creates a check.
	 * @param maxLength longest accepted name
	 * @param reservedPrefixes prefixes no event name may start with (for example
	 * {@code framework_})
	 */
	EventNameCheck(int maxLength, List<String> reservedPrefixes) {
		this.maxLength = maxLength;
		this.reservedPrefixes = reservedPrefixes.toArray(new String[0]);
	}

	/** Whether the name is a valid event name; allocates nothing. */
	public boolean isValid(@Nullable String name) {
		if (name == null || name.isEmpty() || name.length() > this.maxLength || !isSnakeCase(name)) {
			return false;
		}
		for (String prefix : this.reservedPrefixes) {
			if (name.startsWith(prefix)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What is wrong with the name, in words, or {@code null} when it is valid.
	 */
	public @Nullable String problem(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "an event name is required";
		}
		if (name.length() > this.maxLength) {
			return "is longer than " + this.maxLength + " characters";
		}
		if (!isSnakeCase(name)) {
			return "must be lowercase snake_case starting with a letter, like 'checkout_submit'";
		}
		for (String prefix : this.reservedPrefixes) {
			if (name.startsWith(prefix)) {
				return "starts with the reserved prefix '" + prefix + "'";
			}
		}
		return null;
	}

	private static boolean isSnakeCase(String name) {
		char first = name.charAt(0);
		if (first < 'a' || first > 'z') {
			return false;
		}
		for (int i = 1; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
				return false;
			}
		}
		return true;
	}

}
