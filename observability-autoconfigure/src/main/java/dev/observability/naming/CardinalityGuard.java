package dev.observability.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.observability.core.BoundedLabelValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the number of distinct values of every tag of every meter: past the cap, new
 * values become {@code OTHER} (one WARN per meter and tag, counted in
 * {@code observability_cardinality_overflow_total{meter,tag}}), so measurements go on
 * instead of being dropped. Over-long values are truncated. Memory stays bounded: at most
 * the cap of values per tracked tag, and at most {@code maxTrackedMeters} meter names.
 */
public class CardinalityGuard implements MeterFilter, MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(CardinalityGuard.class);

	/** Micrometer name of the overflow counter. */
	public static final String OVERFLOW_METER = "observability.cardinality.overflow";

	private final int defaultMaxValues;

	private final Map<String, Integer> maxValuesByMeter;

	private final int maxValueLength;

	private final int maxTrackedMeters;

	/** meter name → tag key → values seen. */
	private final Map<String, Map<String, BoundedLabelValues>> values = new ConcurrentHashMap<>();

	private final Map<String, Long> overflows = new ConcurrentHashMap<>();

	private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();

	private final AtomicBoolean trackingFullLogged = new AtomicBoolean();

	/**
	 * Creates the guard.
	 * @param defaultMaxValues distinct values kept per tag of a meter
	 * @param maxValuesByMeter per-meter caps (by Micrometer meter name), overriding the
	 * default
	 * @param maxValueLength longer tag values are truncated to this length
	 * @param maxTrackedMeters how many meter names are tracked; later ones pass unchanged
	 */
	public CardinalityGuard(int defaultMaxValues, Map<String, Integer> maxValuesByMeter, int maxValueLength,
			int maxTrackedMeters) {
		this.defaultMaxValues = defaultMaxValues;
		this.maxValuesByMeter = Map.copyOf(maxValuesByMeter);
		this.maxValueLength = maxValueLength;
		this.maxTrackedMeters = maxTrackedMeters;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (OVERFLOW_METER.equals(id.getName())) {
			return id;
		}
		Map<String, BoundedLabelValues> tags = tagsOf(id.getName());
		List<Tag> bounded = null;
		List<Tag> original = id.getTags();
		for (int i = 0; i < original.size(); i++) {
			Tag tag = original.get(i);
			String value = truncate(tag.getValue());
			if (tags != null) {
				value = tags.computeIfAbsent(tag.getKey(), (key) -> newBound(id.getName(), key)).bound(value);
			}
			if (bounded == null && !value.equals(tag.getValue())) {
				bounded = new ArrayList<>(original.subList(0, i));
			}
			if (bounded != null) {
				bounded.add(Tag.of(tag.getKey(), value));
			}
		}
		return (bounded != null) ? id.replaceTags(bounded) : id;
	}

	private @Nullable Map<String, BoundedLabelValues> tagsOf(String meterName) {
		Map<String, BoundedLabelValues> tags = this.values.get(meterName);
		if (tags != null) {
			return tags;
		}
		if (this.values.size() >= this.maxTrackedMeters) {
			if (this.trackingFullLogged.compareAndSet(false, true)) {
				logger.warn(
						"More than {} meter names; tag values of further meters are not bounded. "
								+ "So many meter names usually means a name is built from data.",
						this.maxTrackedMeters);
			}
			return null;
		}
		return this.values.computeIfAbsent(meterName, (name) -> new ConcurrentHashMap<>());
	}

	private BoundedLabelValues newBound(String meter, String tag) {
		int max = this.maxValuesByMeter.getOrDefault(meter, this.defaultMaxValues);
		return new BoundedLabelValues(meter + "/" + tag, max, () -> overflowed(meter, tag));
	}

	private void overflowed(String meter, String tag) {
		this.overflows.merge(meter + "/" + tag, 1L, Long::sum);
		MeterRegistry target = this.registry.get();
		if (target != null) {
			Counter.builder(OVERFLOW_METER)
				.description("Tag values replaced by OTHER because a meter's tag reached its cardinality cap")
				.tag("meter", meter)
				.tag("tag", tag)
				.register(target)
				.increment();
		}
	}

	private String truncate(String value) {
		return (value.length() > this.maxValueLength) ? value.substring(0, this.maxValueLength) : value;
	}

	/** Overflows so far by {@code meter/tag}, for the pitfall report. */
	public Map<String, Long> overflows() {
		return Map.copyOf(this.overflows);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry.compareAndSet(null, registry);
	}

}
