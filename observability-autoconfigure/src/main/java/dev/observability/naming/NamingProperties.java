package dev.observability.naming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for metric naming and cardinality checks.
 */
@ConfigurationProperties("observability.naming")
public class NamingProperties {

	private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]*");

	/** Whether meter names are checked when meters are registered. */
	private boolean enabled = true;

	/** What to do with a meter that breaks a naming rule: rename, warn, fail or deny. */
	private NamingMode mode = NamingMode.RENAME;

	/**
	 * Application namespace: meters that are not the framework's must start with it (for
	 * example "shop" makes an application counter "orders.placed"
	 * shop_orders_placed_total).
	 */
	private @Nullable String namespace;

	/** First name segments of framework meters, which need no application namespace. */
	private List<String> frameworkPrefixes = new ArrayList<>(List.of("jvm", "process", "system", "http", "grpc",
			"executor", "tomcat", "jetty", "netty", "logback", "log4j2", "hikaricp", "jdbc", "r2dbc", "spring",
			"application", "disk", "errors", "target", "observability", "tasks", "cache", "kafka", "messaging",
			"rabbitmq", "mongodb", "lettuce", "jersey", "undertow"));

	/** Bounds on the number of distinct tag values. */
	private final Cardinality cardinality = new Cardinality();

	/**
	 * Whether the OpenMetrics scrape keeps exemplars to where OpenMetrics 1.0 allows them
	 * (histogram buckets and counters), instead of Micrometer's default that also puts
	 * them on _count lines, which the reference parser and Prometheus before 2.43 reject.
	 * Read at startup.
	 */
	private boolean strictOpenmetrics = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public NamingMode getMode() {
		return this.mode;
	}

	public void setMode(NamingMode mode) {
		this.mode = mode;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		if (namespace != null && !namespace.isEmpty() && !NAMESPACE.matcher(namespace).matches()) {
			throw new IllegalArgumentException(
					"must be lowercase snake_case starting with a letter, like 'shop' (was '" + namespace + "')");
		}
		this.namespace = namespace;
	}

	public List<String> getFrameworkPrefixes() {
		return this.frameworkPrefixes;
	}

	public void setFrameworkPrefixes(List<String> frameworkPrefixes) {
		this.frameworkPrefixes = frameworkPrefixes;
	}

	public Cardinality getCardinality() {
		return this.cardinality;
	}

	public boolean isStrictOpenmetrics() {
		return this.strictOpenmetrics;
	}

	public void setStrictOpenmetrics(boolean strictOpenmetrics) {
		this.strictOpenmetrics = strictOpenmetrics;
	}

	/**
	 * Bounds on the number of distinct tag values.
	 */
	public static class Cardinality {

		/** Whether tag values are bounded. */
		private boolean enabled = true;

		/** Distinct values kept per tag of a meter; further values become "OTHER". */
		private int maxValuesPerTag = 100;

		/**
		 * Per-meter caps, by meter name as registered (for example http.requests),
		 * overriding the default.
		 */
		private Map<String, Integer> meters = new LinkedHashMap<>();

		/** Tag values longer than this are truncated. */
		private int maxValueLength = 200;

		/**
		 * Meter names tracked at most; tags of further meters are not bounded (and one
		 * WARN says so).
		 */
		private int maxTrackedMeters = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxValuesPerTag() {
			return this.maxValuesPerTag;
		}

		public void setMaxValuesPerTag(int maxValuesPerTag) {
			this.maxValuesPerTag = requireInRange(maxValuesPerTag, 1, 100_000);
		}

		public Map<String, Integer> getMeters() {
			return this.meters;
		}

		public void setMeters(Map<String, Integer> meters) {
			meters.values().forEach((max) -> requireInRange(max, 1, 100_000));
			this.meters = meters;
		}

		public int getMaxValueLength() {
			return this.maxValueLength;
		}

		public void setMaxValueLength(int maxValueLength) {
			this.maxValueLength = requireInRange(maxValueLength, 8, 10_000);
		}

		public int getMaxTrackedMeters() {
			return this.maxTrackedMeters;
		}

		public void setMaxTrackedMeters(int maxTrackedMeters) {
			this.maxTrackedMeters = requireInRange(maxTrackedMeters, 1, 1_000_000);
		}

		private static int requireInRange(Integer value, int min, int max) {
			if (value == null || value < min || value > max) {
				throw new IllegalArgumentException("must be between " + min + " and " + max + " (was " + value + ")");
			}
			return value;
		}

	}

}
