package dev.observability.naming;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The naming violations seen so far, once per meter and rule, exported as
 * {@code observability_naming_violations_total{rule}} and readable by the pitfall report.
 */
public class NamingViolations implements MeterBinder {

	/**
	 * How many meter names are kept per rule for the report; counting goes on past it.
	 */
	private static final int MAX_NAMES_PER_RULE = 50;

	private final Map<NamingRule, AtomicLong> counts = new EnumMap<>(NamingRule.class);

	private final Map<NamingRule, Set<String>> meters = new EnumMap<>(NamingRule.class);

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	public NamingViolations() {
		for (NamingRule rule : NamingRule.values()) {
			this.counts.put(rule, new AtomicLong());
			this.meters.put(rule, ConcurrentHashMap.newKeySet());
		}
	}

	/**
	 * Records a violation; returns {@code false} when this meter was already recorded for
	 * the rule.
	 */
	public boolean record(NamingViolation violation) {
		if (!this.seen.add(violation.rule().id() + ' ' + violation.meter())) {
			return false;
		}
		countOf(violation.rule()).incrementAndGet();
		Set<String> names = metersOf(violation.rule());
		if (names.size() < MAX_NAMES_PER_RULE) {
			names.add(violation.meter());
		}
		return true;
	}

	/**
	 * Violations per rule so far, with (up to 50 of) the meter names, for rules that have
	 * any.
	 */
	public Map<NamingRule, List<String>> byRule() {
		Map<NamingRule, List<String>> result = new LinkedHashMap<>();
		this.counts.forEach((rule, count) -> {
			if (count.get() > 0) {
				result.put(rule, List.copyOf(metersOf(rule)));
			}
		});
		return Collections.unmodifiableMap(result);
	}

	/** How many meters broke the rule so far. */
	public long count(NamingRule rule) {
		return countOf(rule).get();
	}

	private AtomicLong countOf(NamingRule rule) {
		// both maps hold every rule from the constructor on
		return Objects.requireNonNull(this.counts.get(rule));
	}

	private Set<String> metersOf(NamingRule rule) {
		return Objects.requireNonNull(this.meters.get(rule));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.counts.forEach((rule, count) -> FunctionCounter
			.builder("observability.naming.violations", count, AtomicLong::doubleValue)
			.description("Meters that broke a naming rule when they were registered, once per meter and rule")
			.tag("rule", rule.id())
			.register(registry));
	}

}
