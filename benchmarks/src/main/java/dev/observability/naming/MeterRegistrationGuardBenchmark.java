package dev.observability.naming;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.observability.redaction.RedactingMeterFilter;
import dev.observability.redaction.TagRedactionProperties;
import dev.observability.redaction.TagRedactor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the starter's meter filters cost each time a meter is registered: the naming guard
 * ({@link MeterNamingGuard}), the cardinality guard ({@link CardinalityGuard}) and the
 * tag redaction ({@link RedactingMeterFilter}), each built with its default properties,
 * as the auto-configurations build them. Filters run when a meter id is new to the
 * registry, never when a meter already registered is used or scraped.
 * <p>
 * Two levels:
 * <ul>
 * <li>one filter applied to one {@link Meter.Id} ({@code *Map}, {@code allFilters}): a
 * counter {@code shop.orders} with a description and the tag {@code region}, which breaks
 * no naming rule and whose value the cardinality guard has seen;
 * {@code namingGuardMapViolating} uses a camelCase name that the guard renames (after the
 * first time, so nothing is logged);</li>
 * <li>registering a counter in a {@link PrometheusMeterRegistry} ({@code register*}),
 * with and without the filters: each operation registers {@code shop.orders} with the
 * next of 100 region values and removes it again, so every registration is new to the
 * registry and the registry does not grow. The remove is the same in both; the difference
 * is the filters;</li>
 * <li>registering a counter that is already registered ({@code lookup*}), as code does
 * that calls {@code Counter.builder(...).register(registry)} on every use: Micrometer
 * finds the meter by the id before filtering, so the filters should cost nothing
 * here.</li>
 * </ul>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar MeterRegistrationGuardBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class MeterRegistrationGuardBenchmark {

	static final String NAME = "shop.orders";

	static final String DESCRIPTION = "Orders placed";

	/** The meter the lookup benchmarks find already registered. */
	static final String REGISTERED = "shop.payments";

	/**
	 * Distinct values of the region tag: the default cardinality cap, so none is replaced
	 * by OTHER.
	 */
	static final int VALUES = 100;

	private final String[] regions = new String[VALUES];

	private int next;

	private Meter.Id compliant;

	private Meter.Id violating;

	private MeterNamingGuard namingGuard;

	private CardinalityGuard cardinalityGuard;

	private FrameworkMeterCorrections corrections;

	private RedactingMeterFilter redaction;

	/**
	 * In the order the auto-configurations give them: redaction, cardinality,
	 * corrections, naming.
	 */
	private List<MeterFilter> filters;

	private MeterRegistry plain;

	private MeterRegistry guarded;

	@Setup(Level.Trial)
	public void setUp() {
		for (int i = 0; i < VALUES; i++) {
			this.regions[i] = "region-" + i;
		}
		this.compliant = new Meter.Id(NAME, Tags.of("region", "region-7"), null, DESCRIPTION, Meter.Type.COUNTER);
		this.violating = new Meter.Id("ordersPlaced", Tags.of("region", "region-7"), null, DESCRIPTION,
				Meter.Type.COUNTER);

		NamingProperties naming = new NamingProperties();
		MeterNameCheck check = new MeterNameCheck(new PrometheusNamingConvention(), naming.getNamespace(),
				naming.getFrameworkPrefixes());
		if (!check.check(this.compliant).isEmpty() || check.check(this.violating).isEmpty()) {
			throw new IllegalStateException("the compliant id must break no rule and the violating one some");
		}
		this.namingGuard = new MeterNamingGuard(check, naming.getMode(), new NamingViolations());
		NamingProperties.Cardinality cardinality = naming.getCardinality();
		this.cardinalityGuard = new CardinalityGuard(cardinality.getMaxValuesPerTag(), cardinality.getMeters(),
				cardinality.getMaxValueLength(), cardinality.getMaxTrackedMeters());
		if (cardinality.getMaxValuesPerTag() < VALUES) {
			throw new IllegalStateException("the region values would overflow the cardinality cap");
		}
		this.corrections = new FrameworkMeterCorrections();
		TagRedactionProperties redactionProperties = new TagRedactionProperties();
		this.redaction = new RedactingMeterFilter(new TagRedactor(redactionProperties.getKeyPatterns(),
				redactionProperties.getValueDetectors(), redactionProperties.getDetectorExemptKeys()),
				redactionProperties.getDenyMeters());
		this.filters = List.of(this.redaction, this.cardinalityGuard, this.corrections, this.namingGuard);

		this.plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		this.guarded = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		for (MeterFilter filter : this.filters) {
			this.guarded.config().meterFilter(filter);
		}
		this.cardinalityGuard.bindTo(this.guarded);
		lookup(this.plain);
		lookup(this.guarded);
		// The first sight of each id: values enter the cardinality guard, the violation
		// is logged once.
		this.namingGuard.map(this.violating);
		for (String region : this.regions) {
			this.cardinalityGuard.map(this.compliant.replaceTags(Tags.of("region", region)));
		}
		Map<String, Long> overflows = this.cardinalityGuard.overflows();
		if (!overflows.isEmpty()) {
			throw new IllegalStateException("unexpected cardinality overflow: " + overflows);
		}
	}

	@Benchmark
	public Meter.Id namingGuardMap() {
		return this.namingGuard.map(this.compliant);
	}

	@Benchmark
	public Meter.Id namingGuardMapViolating() {
		return this.namingGuard.map(this.violating);
	}

	@Benchmark
	public Meter.Id cardinalityGuardMap() {
		return this.cardinalityGuard.map(this.compliant);
	}

	@Benchmark
	public Meter.Id redactionMap() {
		return this.redaction.map(this.compliant);
	}

	/**
	 * What Micrometer does with a new id: every filter's map in order, then every accept.
	 */
	@Benchmark
	public MeterFilterReply allFilters() {
		Meter.Id id = this.compliant;
		for (MeterFilter filter : this.filters) {
			id = filter.map(id);
		}
		for (MeterFilter filter : this.filters) {
			MeterFilterReply reply = filter.accept(id);
			if (reply != MeterFilterReply.NEUTRAL) {
				return reply;
			}
		}
		return MeterFilterReply.NEUTRAL;
	}

	@Benchmark
	public Meter registerPlain() {
		return registerAndRemove(this.plain);
	}

	@Benchmark
	public Meter registerGuarded() {
		return registerAndRemove(this.guarded);
	}

	@Benchmark
	public Counter lookupPlain() {
		return lookup(this.plain);
	}

	@Benchmark
	public Counter lookupGuarded() {
		return lookup(this.guarded);
	}

	private static Counter lookup(MeterRegistry registry) {
		return Counter.builder(REGISTERED)
			.description("Payments received")
			.tag("region", "region-7")
			.register(registry);
	}

	private Meter registerAndRemove(MeterRegistry registry) {
		String region = this.regions[this.next];
		this.next = (this.next + 1 == VALUES) ? 0 : this.next + 1;
		Counter counter = Counter.builder(NAME).description(DESCRIPTION).tag("region", region).register(registry);
		return registry.remove(counter);
	}

}
