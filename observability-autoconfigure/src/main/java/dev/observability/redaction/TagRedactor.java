package dev.observability.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which tag values are sensitive: by their key, or by what the value looks like.
 */
public class TagRedactor {

	/** The value every sensitive tag gets instead of its own. */
	public static final String REDACTED = "REDACTED";

	private final List<Pattern> sensitiveKeys;

	private final List<SecretValueDetector> detectors;

	private final List<Pattern> exemptKeys;

	/**
	 * Creates a redactor.
	 * @param sensitiveKeys regular expressions for keys whose values are always redacted
	 * @param detectors detectors applied to every value
	 * @param exemptKeys regular expressions for keys whose values the detectors leave
	 * alone
	 */
	public TagRedactor(Collection<String> sensitiveKeys, Set<SecretValueDetector> detectors,
			Collection<String> exemptKeys) {
		this.sensitiveKeys = compile(sensitiveKeys);
		this.detectors = List.copyOf(detectors);
		this.exemptKeys = compile(exemptKeys);
	}

	/**
	 * Whether the value of this tag must not be stored.
	 * @param key the tag key
	 * @param value the tag value
	 * @return true when the value is to be replaced by {@link #REDACTED}
	 */
	public boolean isSensitive(String key, String value) {
		if (REDACTED.equals(value)) {
			return false;
		}
		if (anyFinds(this.sensitiveKeys, key)) {
			return true;
		}
		if (value == null || value.isEmpty() || anyFinds(this.exemptKeys, key)) {
			return false;
		}
		for (SecretValueDetector detector : this.detectors) {
			if (detector.detects(value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyFinds(List<Pattern> patterns, String text) {
		for (Pattern pattern : patterns) {
			if (pattern.matcher(text).find()) {
				return true;
			}
		}
		return false;
	}

	private static List<Pattern> compile(Collection<String> patterns) {
		List<Pattern> compiled = new ArrayList<>(patterns.size());
		for (String pattern : patterns) {
			compiled.add(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE));
		}
		return List.copyOf(compiled);
	}

}
