package dev.observability.naming;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Builders for application metrics that put the application namespace in front of the
 * name and refuse a bad name at once, with the rule it breaks and the name to use
 * instead. <pre class="code">
 * Counter placed = appMetrics.counter("orders.placed").description("Orders placed").register();
 * // exported as shop_orders_placed_total
 * </pre>
 */
public class AppMetrics {

	private final MeterRegistry registry;

	private final MeterNameCheck check;

	private final @Nullable String namespace;

	/**
	 * Creates the facade.
	 * @param registry where meters are registered
	 * @param check judges names (with the application namespace and framework prefixes)
	 * @param namespace the application namespace, or {@code null} for none
	 */
	public AppMetrics(MeterRegistry registry, MeterNameCheck check, @Nullable String namespace) {
		this.registry = registry;
		this.check = check;
		this.namespace = (namespace == null || namespace.isBlank()) ? null : namespace;
	}

	/** A counter named {@code <namespace>.<name>}; Prometheus adds {@code _total}. */
	public CounterBuilder counter(String name) {
		return new CounterBuilder(validated(name, Meter.Type.COUNTER, null));
	}

	/** A timer named {@code <namespace>.<name>}, exported in seconds. */
	public TimerBuilder timer(String name) {
		return new TimerBuilder(validated(name, Meter.Type.TIMER, "seconds"));
	}

	/**
	 * A distribution summary named {@code <namespace>.<name>}, with the given base unit.
	 */
	public SummaryBuilder distribution(String name, String baseUnit) {
		return new SummaryBuilder(validated(name, Meter.Type.DISTRIBUTION_SUMMARY, baseUnit), baseUnit);
	}

	/**
	 * A gauge named {@code <namespace>.<name>} reading {@code value} from {@code object}.
	 */
	public <T> Gauge gauge(String name, String description, T object, ToDoubleFunction<T> value, String... tags) {
		String fullName = validated(name, Meter.Type.GAUGE, null);
		return Gauge.builder(fullName, object, value)
			.description(requireDescription(fullName, description))
			.tags(tags)
			.register(this.registry);
	}

	private String validated(String name, Meter.Type type, @Nullable String baseUnit) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A metric name is required");
		}
		if (this.check.isFramework(name)) {
			throw new IllegalArgumentException("Metric '" + name + "' " + NamingRule.FRAMEWORK_PREFIX.description()
					+ " [" + NamingRule.FRAMEWORK_PREFIX.id() + "]; suggested: a name of your own domain, e.g. '"
					+ name.substring(name.indexOf('.') + 1) + "'");
		}
		String fullName = (this.namespace != null) ? this.namespace + "." + name : name;
		// A description is checked when the meter is built; judge the name and type here.
		Meter.Id id = new Meter.Id(fullName, Tags.empty(), baseUnit, "checked", type);
		List<NamingViolation> violations = this.check.check(id);
		if (!violations.isEmpty()) {
			NamingViolation first = violations.get(0);
			throw new IllegalArgumentException("Metric '" + name + "' is exported as '" + first.meter() + "', which "
					+ first.rule().description() + " [" + first.rule().id() + "]; suggested: " + first.suggestion());
		}
		return fullName;
	}

	private static String requireDescription(String name, @Nullable String description) {
		if (description == null || description.isBlank()) {
			throw new IllegalArgumentException("Metric '" + name + "' needs a description (its HELP text)");
		}
		return description;
	}

	/** Builds a counter. */
	public final class CounterBuilder {

		private final Counter.Builder builder;

		private final String name;

		private @Nullable String description;

		CounterBuilder(String name) {
			this.name = name;
			this.builder = Counter.builder(name);
		}

		/** What the counter counts (its HELP text); required. */
		public CounterBuilder description(String description) {
			this.description = description;
			return this;
		}

		/** Adds tags as key/value pairs. */
		public CounterBuilder tags(String... keyValues) {
			this.builder.tags(keyValues);
			return this;
		}

		/** Registers (or finds) the counter. */
		public Counter register() {
			return this.builder.description(requireDescription(this.name, this.description))
				.register(AppMetrics.this.registry);
		}

	}

	/** Builds a timer. */
	public final class TimerBuilder {

		private final Timer.Builder builder;

		private final String name;

		private @Nullable String description;

		TimerBuilder(String name) {
			this.name = name;
			this.builder = Timer.builder(name);
		}

		/** What the timer measures (its HELP text); required. */
		public TimerBuilder description(String description) {
			this.description = description;
			return this;
		}

		/** Adds tags as key/value pairs. */
		public TimerBuilder tags(String... keyValues) {
			this.builder.tags(keyValues);
			return this;
		}

		/** Publishes histogram buckets, so quantiles can be computed in Prometheus. */
		public TimerBuilder histogram() {
			this.builder.publishPercentileHistogram();
			return this;
		}

		/** Registers (or finds) the timer. */
		public Timer register() {
			return this.builder.description(requireDescription(this.name, this.description))
				.register(AppMetrics.this.registry);
		}

	}

	/** Builds a distribution summary. */
	public final class SummaryBuilder {

		private final DistributionSummary.Builder builder;

		private final String name;

		private @Nullable String description;

		SummaryBuilder(String name, String baseUnit) {
			this.name = name;
			this.builder = DistributionSummary.builder(name).baseUnit(baseUnit);
		}

		/** What the summary measures (its HELP text); required. */
		public SummaryBuilder description(String description) {
			this.description = description;
			return this;
		}

		/** Adds tags as key/value pairs. */
		public SummaryBuilder tags(String... keyValues) {
			this.builder.tags(keyValues);
			return this;
		}

		/** Publishes histogram buckets. */
		public SummaryBuilder histogram() {
			this.builder.publishPercentileHistogram();
			return this;
		}

		/** Registers (or finds) the summary. */
		public DistributionSummary register() {
			return this.builder.description(requireDescription(this.name, this.description))
				.register(AppMetrics.this.registry);
		}

	}

}
