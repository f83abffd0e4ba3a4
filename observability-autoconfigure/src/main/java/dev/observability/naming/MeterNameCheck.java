package dev.observability.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import org.jspecify.annotations.Nullable;

/**
 * Judges a meter, on the name Prometheus will show, against the rules of
 * {@link NamingRule}, and works out the fixes that change no value.
 * <p>
 * Only fixes that keep the meaning of the value are offered: a camelCase name becomes
 * snake_case, {@code _total} leaves a gauge, a timer loses an abbreviated unit (its
 * values are exported in seconds whatever its name said). A counter or gauge named
 * {@code ..._ms} keeps its name: renaming it would relabel a unit without converting the
 * value.
 */
public class MeterNameCheck {

	private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Z]");

	private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^a-zA-Z0-9]+");

	private static final Set<String> ABBREVIATIONS = Set.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb",
			"pb", "m", "h", "d");

	private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("amperes", "amperes"),
			Map.entry("bytes", "bytes"), Map.entry("celsius", "celsius"), Map.entry("grams", "grams"),
			Map.entry("joules", "joules"), Map.entry("kelvin", "kelvin"), Map.entry("meters", "meters"),
			Map.entry("metres", "metres"), Map.entry("seconds", "seconds"), Map.entry("volts", "volts"),
			Map.entry("minutes", "seconds"), Map.entry("hours", "seconds"), Map.entry("days", "seconds"),
			Map.entry("weeks", "seconds"), Map.entry("kelvins", "kelvin"), Map.entry("fahrenheit", "celsius"),
			Map.entry("rankine", "celsius"), Map.entry("inches", "meters"), Map.entry("yards", "meters"),
			Map.entry("miles", "meters"), Map.entry("bits", "bytes"), Map.entry("calories", "joules"),
			Map.entry("pounds", "grams"), Map.entry("ounces", "grams"));

	private static final List<String> UNIT_PREFIXES = List.of("pico", "nano", "micro", "milli", "centi", "deci", "deca",
			"hecto", "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi");

	private static final Set<String> TYPE_WORDS = Set.of("counter", "gauge", "histogram", "summary");

	private final NamingConvention convention;

	private final @Nullable String namespace;

	private final List<String> frameworkPrefixes;

	/**
	 * Creates a check.
	 * @param convention the registry's naming convention (Prometheus')
	 * @param namespace the application namespace, or {@code null} for none
	 * @param frameworkPrefixes first name segments of framework meters, which need no
	 * namespace
	 */
	public MeterNameCheck(NamingConvention convention, @Nullable String namespace, List<String> frameworkPrefixes) {
		this.convention = convention;
		this.namespace = (namespace == null || namespace.isBlank()) ? null : namespace;
		this.frameworkPrefixes = List.copyOf(frameworkPrefixes);
	}

	/**
	 * Returns the rules the meter breaks, each with a suggested fix.
	 */
	public List<NamingViolation> check(Meter.Id id) {
		List<NamingViolation> violations = new ArrayList<>();
		String name = exportedName(id);
		String fixed = exportedName(fix(id));
		List<String> tokens = List.of(name.toLowerCase(Locale.ROOT).split("_"));
		if (CAMEL_CASE.matcher(name).find()) {
			violations.add(new NamingViolation(name, NamingRule.CAMEL_CASE, fixed));
		}
		if (!METRIC_NAME.matcher(name).matches()) {
			violations.add(new NamingViolation(name, NamingRule.INVALID_NAME, fixed));
		}
		if (name.contains(":")) {
			violations.add(new NamingViolation(name, NamingRule.RESERVED_CHAR, fixed));
		}
		checkUnits(id, name, tokens, fixed, violations);
		if (tokens.stream().anyMatch(TYPE_WORDS::contains)) {
			violations.add(new NamingViolation(name, NamingRule.TYPE_IN_NAME, fixed));
		}
		if (name.endsWith("_total") && !isCounter(id.getType())) {
			violations.add(new NamingViolation(name, NamingRule.TOTAL_ON_NON_COUNTER, fixed));
		}
		if (!isHistogram(id.getType())
				&& (name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket"))) {
			violations.add(new NamingViolation(name, NamingRule.RESERVED_SUFFIX,
					name + " (rename it, e.g. to a plural noun)"));
		}
		checkLabels(id, name, violations);
		if (this.namespace != null && !isFramework(id.getName()) && !name.startsWith(this.namespace + "_")) {
			violations.add(new NamingViolation(name, NamingRule.MISSING_NAMESPACE, fixed));
		}
		if (id.getDescription() == null || id.getDescription().isBlank()) {
			violations.add(new NamingViolation(name, NamingRule.MISSING_DESCRIPTION, "add .description(\"...\")"));
		}
		return violations;
	}

	private void checkUnits(Meter.Id id, String name, List<String> tokens, String fixed,
			List<NamingViolation> violations) {
		String unitFixSuggestion = isDuration(id.getType()) ? fixed : name + " (convert the value to the base unit)";
		if (tokens.stream().anyMatch(ABBREVIATIONS::contains)) {
			violations.add(new NamingViolation(name, NamingRule.ABBREVIATED_UNIT, unitFixSuggestion));
		}
		for (String token : tokens) {
			String base = baseUnit(token);
			if (base != null) {
				if (!base.equals(token)) {
					violations.add(new NamingViolation(name, NamingRule.NON_BASE_UNIT, unitFixSuggestion));
				}
				return;
			}
		}
	}

	private void checkLabels(Meter.Id id, String name, List<NamingViolation> violations) {
		for (Tag tag : id.getTagsAsIterable()) {
			String key = this.convention.tagKey(tag.getKey());
			if (CAMEL_CASE.matcher(key).find()) {
				violations.add(new NamingViolation(name, NamingRule.CAMEL_CASE_LABEL, snakeCase(key)));
			}
			if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__")) {
				violations.add(new NamingViolation(name, NamingRule.INVALID_LABEL_NAME, labelFix(key)));
			}
			if (key.equals("le") || key.equals("quantile")) {
				violations.add(new NamingViolation(name, NamingRule.RESERVED_LABEL, key + "_value"));
			}
		}
	}

	/**
	 * Returns the meter with every fix applied that changes no value: snake_case names
	 * and labels, legal characters, no {@code _total} on non-counters, no metric type
	 * word, no unit words on timers (exported in seconds anyway), the namespace in front
	 * of application meters.
	 */
	public Meter.Id fix(Meter.Id id) {
		List<String> tokens = new ArrayList<>(List.of(snakeCase(id.getName()).split("_")));
		tokens.removeIf(String::isEmpty);
		if (!isCounter(id.getType()) && !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals("total")) {
			tokens.remove(tokens.size() - 1);
		}
		if (tokens.size() > 1 && TYPE_WORDS.contains(tokens.get(tokens.size() - 1))) {
			tokens.remove(tokens.size() - 1);
		}
		if (isDuration(id.getType())) {
			tokens.removeIf((token) -> tokens.size() > 1 && (ABBREVIATIONS.contains(token) || isTimeUnit(token)));
		}
		String name = String.join(".", tokens);
		if (this.namespace != null && !isFramework(id.getName()) && !name.startsWith(this.namespace + ".")) {
			name = this.namespace + "." + name;
		}
		List<Tag> tags = new ArrayList<>();
		for (Tag tag : id.getTagsAsIterable()) {
			tags.add(Tag.of(labelFix(tag.getKey()), tag.getValue()));
		}
		return id.withName(name).replaceTags(tags);
	}

	/**
	 * Whether the meter belongs to a framework (its first name segment is a framework
	 * prefix).
	 */
	public boolean isFramework(String meterName) {
		String lower = meterName.toLowerCase(Locale.ROOT);
		for (String prefix : this.frameworkPrefixes) {
			if (lower.equals(prefix) || lower.startsWith(prefix + ".") || lower.startsWith(prefix + "_")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The name Prometheus shows for the meter: the convention's name, plus {@code _total}
	 * for counters, which the Prometheus exposition adds.
	 */
	public String exportedName(Meter.Id id) {
		String name = this.convention.name(id.getName(), id.getType(), id.getBaseUnit());
		return (isCounter(id.getType()) && !name.endsWith("_total")) ? name + "_total" : name;
	}

	private static String labelFix(String key) {
		String fixed = snakeCase(key).replace('.', '_');
		while (fixed.startsWith("__")) {
			fixed = fixed.substring(1);
		}
		if (fixed.isEmpty() || Character.isDigit(fixed.charAt(0))) {
			fixed = "_" + fixed;
		}
		if (fixed.equals("le") || fixed.equals("quantile")) {
			fixed = fixed + "_value";
		}
		return fixed;
	}

	/**
	 * {@code httpResponseTimeMs} and {@code http-response.time} become
	 * {@code http_response_time_ms}.
	 */
	static String snakeCase(String name) {
		String split = CAMEL_BOUNDARY.matcher(name).replaceAll("_");
		return NOT_NAME_CHARACTER.matcher(split).replaceAll("_").toLowerCase(Locale.ROOT);
	}

	private static @Nullable String baseUnit(String token) {
		String base = UNITS.get(token);
		if (base != null) {
			return base;
		}
		for (String prefix : UNIT_PREFIXES) {
			if (token.startsWith(prefix)) {
				String unit = UNITS.get(token.substring(prefix.length()));
				if (unit != null) {
					return unit;
				}
			}
		}
		return null;
	}

	private static boolean isTimeUnit(String token) {
		return "seconds".equals(baseUnit(token));
	}

	private static boolean isCounter(Meter.Type type) {
		return type == Meter.Type.COUNTER;
	}

	private static boolean isHistogram(Meter.Type type) {
		return type == Meter.Type.TIMER || type == Meter.Type.DISTRIBUTION_SUMMARY
				|| type == Meter.Type.LONG_TASK_TIMER;
	}

	private static boolean isDuration(Meter.Type type) {
		return type == Meter.Type.TIMER || type == Meter.Type.LONG_TASK_TIMER;
	}

}
