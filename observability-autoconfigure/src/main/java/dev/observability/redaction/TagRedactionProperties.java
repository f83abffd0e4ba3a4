package dev.observability.redaction;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the redaction of sensitive tags. The prefix stays under
 * {@code observability.endpoint}, where it began, so that existing configuration keeps
 * working.
 */
@ConfigurationProperties("observability.endpoint.redaction")
public class TagRedactionProperties {

	/**
	 * Whether sensitive tag values are replaced by "REDACTED" before any registry stores
	 * them.
	 */
	private boolean enabled = true;

	/**
	 * Regular expressions (case-insensitive, found anywhere in the key) for tag keys
	 * whose values are always redacted.
	 */
	private List<String> keyPatterns = new ArrayList<>(
			List.of("passw(or)?d|pwd", "secret", "token", "api[._-]?key", "authorization", "cookie", "session",
					"e[._-]?mail", "phone", "card[._-]?(number|num|no)\\b|credit[._-]?card", "(?<![a-z])ssn(?![a-z])"));

	/** Detectors applied to every tag value, whatever its key. */
	private Set<SecretValueDetector> valueDetectors = EnumSet.allOf(SecretValueDetector.class);

	/**
	 * Regular expressions (case-insensitive) for tag keys whose values the value
	 * detectors leave alone, such as a commit hash that looks like a high-entropy hex
	 * string.
	 */
	private List<String> detectorExemptKeys = new ArrayList<>(List.of("revision", "commit"));

	/**
	 * Regular expressions (case-insensitive, matching the whole name) for meter names
	 * that are never registered at all, such as "my\\.debug\\..*".
	 */
	private List<String> denyMeters = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getKeyPatterns() {
		return this.keyPatterns;
	}

	public void setKeyPatterns(List<String> keyPatterns) {
		this.keyPatterns = compilable(keyPatterns);
	}

	public Set<SecretValueDetector> getValueDetectors() {
		return this.valueDetectors;
	}

	public void setValueDetectors(Set<SecretValueDetector> valueDetectors) {
		this.valueDetectors = valueDetectors;
	}

	public List<String> getDetectorExemptKeys() {
		return this.detectorExemptKeys;
	}

	public void setDetectorExemptKeys(List<String> detectorExemptKeys) {
		this.detectorExemptKeys = compilable(detectorExemptKeys);
	}

	public List<String> getDenyMeters() {
		return this.denyMeters;
	}

	public void setDenyMeters(List<String> denyMeters) {
		this.denyMeters = compilable(denyMeters);
	}

	private static List<String> compilable(List<String> patterns) {
		for (String pattern : patterns) {
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException("'" + pattern + "' is not a valid regular expression: "
						+ ex.getDescription() + " near index " + ex.getIndex());
			}
		}
		return patterns;
	}

}
