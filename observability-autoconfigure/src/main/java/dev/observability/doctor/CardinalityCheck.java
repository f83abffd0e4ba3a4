package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.observability.naming.CardinalityGuard;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Pitfall 4: tags whose values reached their cardinality cap so far
 * ({@code cardinality.overflow}).
 */
public class CardinalityCheck implements PitfallCheck {

	static final String ID = "cardinality.overflow";

	private final ObjectProvider<CardinalityGuard> guard;

	public CardinalityCheck(ObjectProvider<CardinalityGuard> guard) {
		this.guard = guard;
	}

	@Override
	public List<Finding> check() {
		CardinalityGuard cardinality = this.guard.getIfAvailable();
		if (cardinality == null) {
			return List.of(Finding.warn(ID, Pitfall.METRIC_NAMES,
					"the cardinality guard is off: a tag fed from data (ids, raw paths) can create series without bound",
					"remove observability.naming.cardinality.enabled=false (or observability.naming.enabled=false)"));
		}
		Map<String, Long> overflows = new TreeMap<>(cardinality.overflows());
		if (overflows.isEmpty()) {
			return List.of(Finding.ok(ID, Pitfall.METRIC_NAMES, "no tag reached its cardinality cap so far"));
		}
		List<String> parts = new ArrayList<>();
		overflows.forEach((meterAndTag, count) -> parts.add(meterAndTag + " (" + count + ")"));
		return List.of(Finding.warn(ID, Pitfall.METRIC_NAMES,
				"tag values replaced by OTHER (meter/tag): " + String.join(", ", parts),
				"take unbounded values (ids, raw paths, messages) out of these tags; raise "
						+ "observability.naming.cardinality.meters.<meter> only when the values are bounded"));
	}

}
