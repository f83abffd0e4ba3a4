package dev.observability.naming;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.redaction.RedactingMeterFilter;
import dev.observability.redaction.TagRedactionProperties;
import dev.observability.redaction.TagRedactor;
import dev.observability.http.HttpObservabilityProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
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
 * What one Prometheus scrape costs ({@link PrometheusMeterRegistry#scrape()}, the text
 * the {@code prometheus} endpoint returns) with 5,000 counter series, on a plain registry
 * and on a registry with the starter's meter filters installed before any meter was
 * registered: tag redaction, the cardinality guard (cap raised to 1,000 values per tag so
 * that nothing overflows), the framework meter corrections and the naming guard, in the
 * auto-configurations' order.
 * <p>
 * Meters: 50 counters {@code shop.events.NN} with a constant {@code region} tag and 100
 * {@code customer} values each (5,000 series), and 5 timers {@code shop.step.N} with 10
 * {@code customer} values each and the starter's default HTTP latency buckets as service
 * level objectives (50 histogram series). Every meter has a description and breaks no
 * naming rule, so the filters change nothing: setup checks that both registries produce
 * the same text. The difference between the two benchmarks is therefore whatever the
 * filters cost at scrape time.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ScrapeBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class ScrapeBenchmark {

	static final int COUNTERS = 50;

	static final int COUNTER_VALUES = 100;

	static final int TIMERS = 5;

	static final int TIMER_VALUES = 10;

	private PrometheusMeterRegistry plain;

	private PrometheusMeterRegistry filtered;

	@Setup(Level.Trial)
	public void setUp() {
		this.plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		this.filtered = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		for (MeterFilter filter : starterFilters()) {
			this.filtered.config().meterFilter(filter);
		}
		populate(this.plain);
		populate(this.filtered);
		String plainText = this.plain.scrape();
		if (!plainText.equals(this.filtered.scrape())) {
			throw new IllegalStateException("the filters changed the scrape output");
		}
		long counterSeries = plainText.lines().filter((line) -> line.startsWith("shop_events_")).count();
		if (counterSeries != COUNTERS * COUNTER_VALUES) {
			throw new IllegalStateException("expected 5,000 counter series, found " + counterSeries);
		}
	}

	/**
	 * Built from default properties as the auto-configurations build them, except the
	 * raised cap.
	 */
	private static List<MeterFilter> starterFilters() {
		TagRedactionProperties redaction = new TagRedactionProperties();
		NamingProperties naming = new NamingProperties();
		NamingProperties.Cardinality cardinality = naming.getCardinality();
		MeterNameCheck check = new MeterNameCheck(new PrometheusNamingConvention(), naming.getNamespace(),
				naming.getFrameworkPrefixes());
		return List.of(
				new RedactingMeterFilter(new TagRedactor(redaction.getKeyPatterns(), redaction.getValueDetectors(),
						redaction.getDetectorExemptKeys()), redaction.getDenyMeters()),
				new CardinalityGuard(1_000, cardinality.getMeters(), cardinality.getMaxValueLength(),
						cardinality.getMaxTrackedMeters()),
				new FrameworkMeterCorrections(), new MeterNamingGuard(check, naming.getMode(), new NamingViolations()));
	}

	private static void populate(PrometheusMeterRegistry registry) {
		for (int c = 0; c < COUNTERS; c++) {
			String name = String.format("shop.events.%02d", c);
			for (int v = 0; v < COUNTER_VALUES; v++) {
				Counter.builder(name)
					.description("Events of kind " + c)
					.tag("region", "eu-west")
					.tag("customer", "customer-" + v)
					.register(registry)
					.increment(v + 1);
			}
		}
		Duration[] buckets = new HttpObservabilityProperties().getBuckets().toArray(new Duration[0]);
		for (int t = 0; t < TIMERS; t++) {
			for (int v = 0; v < TIMER_VALUES; v++) {
				Timer timer = Timer.builder("shop.step." + t)
					.description("Duration of step " + t)
					.tag("customer", "customer-" + v)
					.serviceLevelObjectives(buckets)
					.register(registry);
				for (int i = 1; i <= 20; i++) {
					timer.record(Duration.ofMillis(i * 7L));
				}
			}
		}
	}

	@Benchmark
	public String plain() {
		return this.plain.scrape();
	}

	@Benchmark
	public String withStarterFilters() {
		return this.filtered.scrape();
	}

}
