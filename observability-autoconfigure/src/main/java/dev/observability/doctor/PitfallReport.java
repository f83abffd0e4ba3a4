package dev.observability.doctor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which monitoring pitfalls are closed and which are still open in one running
 * application.
 *
 * @param findings every finding, in the order the checks produced them
 */
public record PitfallReport(List<Finding> findings) {

	public PitfallReport {
		findings = List.copyOf(findings);
	}

	/**
	 * The findings that still need work.
	 * @return the warn and fail findings
	 */
	public List<Finding> open() {
		List<Finding> open = new ArrayList<>();
		for (Finding finding : this.findings) {
			if (finding.isOpen()) {
				open.add(finding);
			}
		}
		return open;
	}

	/**
	 * The ids of the findings that still need work, each once.
	 * @return the ids, in report order
	 */
	public List<String> openIds() {
		List<String> ids = new ArrayList<>();
		for (Finding finding : open()) {
			if (!ids.contains(finding.id())) {
				ids.add(finding.id());
			}
		}
		return ids;
	}

	/**
	 * The open findings whose id is not in the given ones.
	 * @param allowedIds ids a team accepts as open
	 * @return the other open findings
	 */
	public List<Finding> openExcept(Collection<String> allowedIds) {
		List<Finding> open = new ArrayList<>();
		for (Finding finding : open()) {
			if (!allowedIds.contains(finding.id())) {
				open.add(finding);
			}
		}
		return open;
	}

	/**
	 * The findings with one id.
	 * @param id the id
	 * @return the first finding with that id
	 */
	public Optional<Finding> finding(String id) {
		for (Finding finding : this.findings) {
			if (finding.id().equals(id)) {
				return Optional.of(finding);
			}
		}
		return Optional.empty();
	}

	/**
	 * How many findings have a severity.
	 * @param severity the severity
	 * @return the count
	 */
	public int count(FindingSeverity severity) {
		int count = 0;
		for (Finding finding : this.findings) {
			if (finding.severity() == severity) {
				count++;
			}
		}
		return count;
	}

	/**
	 * One line: how many findings are open and which.
	 * @return the summary
	 */
	public String summary() {
		List<String> open = openIds();
		if (open.isEmpty()) {
			return "Pitfall report: no open findings (" + count(FindingSeverity.OK) + " ok)";
		}
		return "Pitfall report: " + open.size() + " open (" + count(FindingSeverity.FAIL) + " fail, "
				+ count(FindingSeverity.WARN) + " warn, " + count(FindingSeverity.OK) + " ok): "
				+ String.join(", ", open);
	}

	/**
	 * The report as text: the summary, then one block per finding, open ones first.
	 * @return readable text
	 */
	public String toText() {
		StringBuilder text = new StringBuilder(summary()).append('\n');
		for (FindingSeverity severity : List.of(FindingSeverity.FAIL, FindingSeverity.WARN, FindingSeverity.OK)) {
			for (Finding finding : this.findings) {
				if (finding.severity() == severity) {
					append(text, finding);
				}
			}
		}
		return text.toString();
	}

	private static void append(StringBuilder text, Finding finding) {
		text.append(String.format("  %-4s %-32s [%s] %s%n", finding.severity().id(), finding.id(),
				finding.pitfall().id(), finding.message()));
		if (finding.isOpen() && !finding.fix().isEmpty()) {
			text.append(String.format("       fix: %s%n", finding.fix()));
		}
	}

	/**
	 * The report as the {@code observability} endpoint shows it.
	 * @return a JSON-ready map
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("summary", summary());
		map.put("open", openIds());
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (FindingSeverity severity : FindingSeverity.values()) {
			counts.put(severity.id(), count(severity));
		}
		map.put("counts", counts);
		List<Map<String, String>> findings = new ArrayList<>();
		for (Finding finding : this.findings) {
			Map<String, String> entry = new LinkedHashMap<>();
			entry.put("id", finding.id());
			entry.put("pitfall", finding.pitfall().id());
			entry.put("pitfallTitle", finding.pitfall().title());
			entry.put("severity", finding.severity().id());
			entry.put("message", finding.message());
			entry.put("fix", finding.fix());
			findings.add(entry);
		}
		map.put("findings", findings);
		return map;
	}

}
