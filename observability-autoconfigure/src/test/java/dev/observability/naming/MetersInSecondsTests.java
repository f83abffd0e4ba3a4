package dev.observability.naming;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters in milliseconds and nanoseconds, registered by another library's binder, read in
 * seconds from a real Prometheus registry behind the naming guard in its strictest mode.
 */
class MetersInSecondsTests {

	private final PrometheusMeterRegistry target = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final MetersInSeconds meters;

	MetersInSecondsTests() {
		MeterNameCheck check = new MeterNameCheck(new PrometheusNamingConvention(), null, List.of("kafka"));
		this.target.config().meterFilter(new FrameworkMeterCorrections());
		this.target.config().meterFilter(new MeterNamingGuard(check, NamingMode.FAIL, new NamingViolations()));
		this.meters = new MetersInSeconds(this.target);
	}

	@Test
	void millisecondGaugeOf250ReadsAQuarterOfASecond() {
		AtomicLong waitMs = new AtomicLong(250);
		Gauge.builder("kafka.producer.wait.time.ms.avg", waitMs, AtomicLong::get)
			.tag("client.id", "producer-1")
			.description("The average wait in milliseconds")
			.register(this.meters.registry());
		assertThat(this.target.scrape()).contains("# TYPE kafka_producer_wait_time_avg_seconds gauge")
			.contains("# HELP kafka_producer_wait_time_avg_seconds The average wait in seconds")
			.contains("kafka_producer_wait_time_avg_seconds{client_id=\"producer-1\"} 0.25");
		waitMs.set(1500);
		assertThat(this.target.scrape()).contains("kafka_producer_wait_time_avg_seconds{client_id=\"producer-1\"} 1.5");
	}

	@Test
	void nanosecondCounterIsACounterInSecondsWithTheLibrarysDescription() {
		AtomicLong ioTimeNs = new AtomicLong(1_500_000_000L);
		FunctionCounter.builder("kafka.producer.io.time.ns.total", ioTimeNs, AtomicLong::get)
			.description("The total time the I/O thread spent doing I/O")
			.register(this.meters.registry());
		assertThat(this.target.scrape()).contains("# TYPE kafka_producer_io_time_seconds_total counter")
			.contains("# HELP kafka_producer_io_time_seconds_total The total time the I/O thread spent doing I/O "
					+ "(converted to seconds from nanoseconds)")
			.contains("kafka_producer_io_time_seconds_total 1.5");
	}

	@Test
	void aMeterTheBinderRemovesLeavesTheTarget() {
		Meter registered = Gauge.builder("kafka.app.info.start.time.ms", () -> 1_700_000_000_123L)
			.description("Metric indicating start-time-ms")
			.register(this.meters.registry());
		assertThat(this.target.scrape()).contains("kafka_app_info_start_time_seconds 1.700000000123E9");
		this.meters.registry().remove(registered);
		assertThat(this.target.scrape()).doesNotContain("kafka_app_info_start_time");
		assertThat(this.target.getMeters()).isEmpty();
	}

	@Test
	void metersWithoutATimeUnitInTheNameAreNotAdmitted() {
		MeterRegistry staging = this.meters.registry();
		Gauge.builder("kafka.producer.record.send.rate", () -> 3).description("d").register(staging);
		assertThat(staging.getMeters()).isEmpty();
		assertThat(this.target.getMeters()).isEmpty();
	}

	@Test
	void micrometersKafkaProbeMeterIsNeitherRegisteredNorCountedAsAViolation() {
		NamingViolations violations = new NamingViolations();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().commonTags("application", "shop");
		registry.config().meterFilter(new FrameworkMeterCorrections());
		registry.config()
			.meterFilter(
					new MeterNamingGuard(new MeterNameCheck(new PrometheusNamingConvention(), "shop", List.of("kafka")),
							NamingMode.WARN, violations));
		Meter probe = Meter.builder("delete.this", Meter.Type.OTHER, List.of()).register(registry);
		assertThat(probe.getId().getTag("application")).isEqualTo("shop");
		assertThat(registry.getMeters()).isEmpty();
		assertThat(violations.count(NamingRule.MISSING_NAMESPACE)).isZero();
	}

	@Test
	void theUnitAbbreviatedOriginalsStayOutOfTheTarget() {
		Gauge.builder("kafka.app.info.start.time.ms", () -> 1).description("d").register(this.target);
		assertThat(this.target.getMeters()).isEmpty();
	}

}
