package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.observability.naming.NamingRule;
import dev.observability.naming.NamingViolations;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Pitfall 4: meters that broke a naming rule so far ({@code naming.violations}) and
 * meters without a description ({@code naming.descriptions}).
 */
public class NamingCheck implements PitfallCheck {

	static final String VIOLATIONS = "naming.violations";

	static final String DESCRIPTIONS = "naming.descriptions";

	/** Meter names shown per rule; the counts are complete. */
	private static final int NAMES_SHOWN = 5;

	private final ObjectProvider<NamingViolations> violations;

	public NamingCheck(ObjectProvider<NamingViolations> violations) {
		this.violations = violations;
	}

	@Override
	public List<Finding> check() {
		NamingViolations seen = this.violations.getIfAvailable();
		if (seen == null) {
			String message = "the naming guard is off: meter names are not checked when they are registered";
			String fix = "remove observability.naming.enabled=false";
			return List.of(Finding.warn(VIOLATIONS, Pitfall.METRIC_NAMES, message, fix),
					Finding.warn(DESCRIPTIONS, Pitfall.METRIC_NAMES, message, fix));
		}
		Map<NamingRule, List<String>> byRule = seen.byRule();
		return List.of(violations(seen, byRule), descriptions(seen, byRule));
	}

	private static Finding violations(NamingViolations seen, Map<NamingRule, List<String>> byRule) {
		List<String> parts = new ArrayList<>();
		long total = 0;
		for (Map.Entry<NamingRule, List<String>> entry : byRule.entrySet()) {
			if (entry.getKey() != NamingRule.MISSING_DESCRIPTION) {
				long count = seen.count(entry.getKey());
				total += count;
				parts.add(entry.getKey().id() + " (" + count + "): " + names(entry.getValue()));
			}
		}
		if (total == 0) {
			return Finding.ok(VIOLATIONS, Pitfall.METRIC_NAMES, "no meter broke a naming rule so far");
		}
		return Finding.warn(VIOLATIONS, Pitfall.METRIC_NAMES,
				total + " naming violation(s) so far: " + String.join("; ", parts),
				"rename the meters (the WARN log line of each names a suggestion), or register them through "
						+ "AppMetrics; observability.naming.mode=rename corrects them on export");
	}

	private static Finding descriptions(NamingViolations seen, Map<NamingRule, List<String>> byRule) {
		long count = seen.count(NamingRule.MISSING_DESCRIPTION);
		if (count == 0) {
			return Finding.ok(DESCRIPTIONS, Pitfall.METRIC_NAMES, "every meter has a description (HELP text)");
		}
		return Finding.warn(DESCRIPTIONS, Pitfall.METRIC_NAMES,
				count + " meter(s) without a description: "
						+ names(byRule.getOrDefault(NamingRule.MISSING_DESCRIPTION, List.of())),
				"call .description(\"...\") on each meter's builder; it becomes the HELP line of the scrape");
	}

	private static String names(List<String> names) {
		List<String> sorted = new ArrayList<>(names);
		sorted.sort(null);
		if (sorted.size() <= NAMES_SHOWN) {
			return String.join(", ", sorted);
		}
		return String.join(", ", sorted.subList(0, NAMES_SHOWN)) + " and " + (sorted.size() - NAMES_SHOWN) + " more";
	}

}
