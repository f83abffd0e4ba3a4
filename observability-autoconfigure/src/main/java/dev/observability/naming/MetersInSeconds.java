package dev.observability.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A registry for binders of other libraries that register times in milliseconds or
 * nanoseconds with the unit in the name ({@code kafka.producer.io.time.ns.total},
 * {@code kafka.app.info.start.time.ms}), which a meter filter cannot convert: a gauge's
 * or a function counter's value comes from a function the filter never sees.
 * <p>
 * Bind such a binder to {@link #registry()}: each gauge and function counter it registers
 * there whose name carries {@code ms}, {@code us} or {@code ns} appears in the target
 * registry in seconds, under the name without the unit ({@code kafka.producer.io.time},
 * base unit {@code seconds}: {@code kafka_producer_io_time_seconds_total}), with the same
 * tags, reading the same value divided by 10³, 10⁶ or 10⁹ on every scrape. A meter the
 * binder removes is removed from the target too. Meters without such a unit are not
 * admitted: bind the binder to the target registry as well for those.
 */
public final class MetersInSeconds {

	private static final Map<String, Double> DIVISORS = Map.of("ms", 1e3, "us", 1e6, "ns", 1e9);

	private static final Map<String, String> UNIT_WORDS = Map.of("ms", "milliseconds", "us", "microseconds", "ns",
			"nanoseconds");

	private final MeterRegistry target;

	private final SimpleMeterRegistry staging = new SimpleMeterRegistry();

	private final Map<Meter.Id, Meter> views = new ConcurrentHashMap<>();

	/**
	 * Creates the registry.
	 * @param target where the meters appear, in seconds
	 */
	public MetersInSeconds(MeterRegistry target) {
		this.target = target;
		this.staging.config()
			.meterFilter(MeterFilter.denyUnless((id) -> isConvertible(id.getName()) && isGaugeOrCounter(id)));
		this.staging.config().onMeterAdded(this::added);
		this.staging.config().onMeterRemoved(this::removed);
	}

	/**
	 * The registry to bind the other library's binder to.
	 * @return the registry whose time meters appear in seconds in the target
	 */
	public MeterRegistry registry() {
		return this.staging;
	}

	/**
	 * Whether a meter name carries a time unit that this class converts ({@code ms},
	 * {@code us} or {@code ns} as one of its dot-separated segments).
	 * @param meterName the meter's name as registered
	 * @return {@code true} when the meter can be registered in seconds
	 */
	public static boolean isConvertible(String meterName) {
		return unit(List.of(meterName.split("\\."))) != null;
	}

	private static @Nullable String unit(List<String> segments) {
		for (String segment : segments) {
			if (DIVISORS.containsKey(segment)) {
				return segment;
			}
		}
		return null;
	}

	private static boolean isGaugeOrCounter(Meter.Id id) {
		return id.getType() == Meter.Type.GAUGE || id.getType() == Meter.Type.COUNTER;
	}

	private void added(Meter meter) {
		Meter.Id id = meter.getId();
		List<String> segments = new ArrayList<>(List.of(id.getName().split("\\.")));
		String unit = unit(segments);
		Double divisor = (unit != null) ? DIVISORS.get(unit) : null;
		if (unit == null || divisor == null) {
			return;
		}
		segments.remove(unit);
		if (id.getType() == Meter.Type.COUNTER && segments.size() > 1
				&& "total".equals(segments.get(segments.size() - 1))) {
			segments.remove(segments.size() - 1);
		}
		String name = String.join(".", segments);
		String description = description(id, unit);
		Meter view = null;
		if (meter instanceof Gauge gauge) {
			view = Gauge.builder(name, gauge, (source) -> source.value() / divisor)
				.strongReference(true)
				.tags(id.getTagsAsIterable())
				.description(description)
				.baseUnit("seconds")
				.register(this.target);
		}
		else if (meter instanceof FunctionCounter counter) {
			// The staging registry holds the counter as long as the binder keeps it.
			view = FunctionCounter.builder(name, counter, (source) -> source.count() / divisor)
				.tags(id.getTagsAsIterable())
				.description(description)
				.baseUnit("seconds")
				.register(this.target);
		}
		if (view != null) {
			this.views.put(id, view);
		}
	}

	private void removed(Meter meter) {
		Meter view = this.views.remove(meter.getId());
		if (view != null) {
			this.target.remove(view);
		}
	}

	/**
	 * The library's description with its unit word replaced, or one that says what was
	 * converted.
	 */
	private static String description(Meter.Id id, String unit) {
		String description = id.getDescription();
		if (description == null || description.isBlank()) {
			return id.getName() + ", converted to seconds";
		}
		String word = UNIT_WORDS.getOrDefault(unit, unit);
		if (description.contains(word)) {
			return description.replace(word, "seconds");
		}
		return description + " (converted to seconds from " + word + ")";
	}

}
