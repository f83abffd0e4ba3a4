package dev.observability.naming;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The guard in each mode, on a real Prometheus registry.
 */
class MeterNamingGuardTests {

	private final NamingViolations violations = new NamingViolations();

	private PrometheusMeterRegistry registry(NamingMode mode) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		MeterNameCheck check = new MeterNameCheck(new PrometheusNamingConvention(), null, List.of("jvm"));
		registry.config().meterFilter(new FrameworkMeterCorrections());
		registry.config().meterFilter(new MeterNamingGuard(check, mode, this.violations));
		this.violations.bindTo(registry);
		return registry;
	}

	@Test
	void renameModeNeverLetsCamelCaseReachTheScrape() {
		PrometheusMeterRegistry registry = registry(NamingMode.RENAME);
		Counter.builder("httpResponseTimeMs").description("d").register(registry).increment();
		String scrape = registry.scrape();
		assertThat(scrape).doesNotContain("httpResponseTimeMs").contains("http_response_time_ms_total 1.0");
		assertThat(scrape).contains("observability_naming_violations_total{rule=\"camel_case\"} 1.0");
	}

	@Test
	void renameModeGivesMetersWithoutDescriptionAnHonestHelpText() {
		PrometheusMeterRegistry registry = registry(NamingMode.RENAME);
		Counter.builder("orders.placed").register(registry);
		assertThat(registry.scrape())
			.contains("# HELP orders_placed_total orders_placed_total (no description was registered)");
		assertThat(this.violations.count(NamingRule.MISSING_DESCRIPTION)).isEqualTo(1);
	}

	@Test
	void warnModeChangesNothingButCounts() {
		PrometheusMeterRegistry registry = registry(NamingMode.WARN);
		Gauge.builder("queueSize", () -> 3).description("d").register(registry);
		Gauge.builder("queueSize", () -> 3).description("d").register(registry);
		assertThat(registry.scrape()).contains("queueSize 3.0");
		assertThat(this.violations.count(NamingRule.CAMEL_CASE)).isEqualTo(1);
	}

	@Test
	void failModeThrowsNamingTheRuleAndTheFixedName() {
		PrometheusMeterRegistry registry = registry(NamingMode.FAIL);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Counter.builder("httpResponseTimeMs").description("d").register(registry))
			.withMessageContaining("[camel_case]")
			.withMessageContaining("http_response_time_ms_total");
	}

	@Test
	void denyModeDropsTheMeter() {
		PrometheusMeterRegistry registry = registry(NamingMode.DENY);
		Counter.builder("httpResponseTimeMs").description("d").register(registry).increment();
		Counter.builder("good.one").description("d").register(registry).increment();
		assertThat(registry.scrape()).doesNotContain("esponse").contains("good_one_total 1.0");
	}

	@Test
	void frameworkMetersWithAbbreviatedUnitsAreReplacedByConvertedOnes() {
		PrometheusMeterRegistry registry = registry(NamingMode.FAIL);
		new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
		new io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics().bindTo(registry);
		new FrameworkMeterCorrections().bindTo(registry);
		String scrape = registry.scrape();
		assertThat(scrape).doesNotContain("process_cpu_time_ns_total")
			.doesNotContain("jvm_compilation_time_ms_total")
			.doesNotContain("system_cpu_count ")
			.contains("process_cpu_seconds_total")
			.contains("jvm_compilation_seconds_total")
			.contains("system_cpu_logical_processors");
	}

}
