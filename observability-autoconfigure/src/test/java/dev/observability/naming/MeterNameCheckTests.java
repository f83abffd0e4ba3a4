package dev.observability.naming;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule with a name that breaks it and one that keeps it.
 */
class MeterNameCheckTests {

	private final MeterNameCheck check = new MeterNameCheck(new PrometheusNamingConvention(), "shop",
			List.of("jvm", "http", "process", "system"));

	@ParameterizedTest(name = "{0} {1} breaks {3}")
	@CsvSource({ "shop.httpResponseTime, COUNTER, , CAMEL_CASE", "shop.response.time.ms, COUNTER, , ABBREVIATED_UNIT",
			"shop.payload.kb, GAUGE, , ABBREVIATED_UNIT", "shop.response.milliseconds, GAUGE, , NON_BASE_UNIT",
			"shop.uptime.minutes, GAUGE, , NON_BASE_UNIT", "shop.queue.gauge, GAUGE, , TYPE_IN_NAME",
			"shop.items.count, GAUGE, , RESERVED_SUFFIX", "shop.latency.sum, GAUGE, , RESERVED_SUFFIX",
			"shop:orders, COUNTER, , RESERVED_CHAR", "orders.placed, COUNTER, , MISSING_NAMESPACE" })
	void badNameBreaksItsRule(String name, Meter.Type type, String unit, NamingRule rule) {
		assertThat(rules(new Meter.Id(name, Tags.empty(), unit, "described", type))).contains(rule);
	}

	@ParameterizedTest(name = "{0} {1} is clean")
	@CsvSource({ "shop.orders.placed, COUNTER, ", "shop.checkout.duration, TIMER, seconds",
			"shop.payload.size, DISTRIBUTION_SUMMARY, bytes", "shop.queue.depth, GAUGE, ",
			"jvm.memory.used, GAUGE, bytes", "http.requests, COUNTER, ", "shop.uptime, GAUGE, seconds" })
	void goodNameBreaksNoRule(String name, Meter.Type type, String unit) {
		assertThat(rules(new Meter.Id(name, Tags.of("outcome", "ok"), unit, "described", type))).isEmpty();
	}

	@Test
	void labelNamesAreChecked() {
		Meter.Id id = new Meter.Id("shop.orders", Tags.of("paymentType", "card", "le", "1"), null, "described",
				Meter.Type.COUNTER);
		assertThat(rules(id)).contains(NamingRule.CAMEL_CASE_LABEL, NamingRule.RESERVED_LABEL);
	}

	@Test
	void invalidNamesAreCaughtWhenTheConventionLetsThemThrough() {
		MeterNameCheck identity = new MeterNameCheck(NamingConvention.identity, null, List.of());
		Meter.Id id = new Meter.Id("shop orders", Tags.of("__private", "x"), null, "d", Meter.Type.GAUGE);
		assertThat(identity.check(id)).extracting(NamingViolation::rule)
			.contains(NamingRule.INVALID_NAME, NamingRule.INVALID_LABEL_NAME);
		Meter.Id total = new Meter.Id("shop_orders_total", Tags.empty(), null, "d", Meter.Type.GAUGE);
		assertThat(identity.check(total)).extracting(NamingViolation::rule).contains(NamingRule.TOTAL_ON_NON_COUNTER);
	}

	@Test
	void prometheusConventionAlreadyStripsTotalFromGauges() {
		Meter.Id id = new Meter.Id("shop.orders.total", Tags.empty(), null, "d", Meter.Type.GAUGE);
		assertThat(this.check.exportedName(id)).isEqualTo("shop_orders");
		assertThat(rules(id)).isEmpty();
	}

	@Test
	void missingDescriptionIsAViolation() {
		assertThat(rules(new Meter.Id("shop.orders", Tags.empty(), null, null, Meter.Type.COUNTER)))
			.containsExactly(NamingRule.MISSING_DESCRIPTION);
	}

	@Test
	void fixMakesCamelCaseSnakeCaseAndAddsTheNamespace() {
		Meter.Id fixed = this.check
			.fix(new Meter.Id("httpResponseTimeMs", Tags.of("userType", "a"), null, "d", Meter.Type.COUNTER));
		assertThat(this.check.exportedName(fixed)).isEqualTo("shop_http_response_time_ms_total");
		assertThat(fixed.getTags()).extracting(io.micrometer.core.instrument.Tag::getKey).containsExactly("user_type");
	}

	@Test
	void fixDropsUnitWordsOnlyFromTimersWhoseValuesAreExportedInSeconds() {
		Meter.Id timer = this.check
			.fix(new Meter.Id("shop.checkout.duration.ms", Tags.empty(), "seconds", "d", Meter.Type.TIMER));
		assertThat(this.check.exportedName(timer)).isEqualTo("shop_checkout_duration_seconds");
		Meter.Id gauge = this.check
			.fix(new Meter.Id("shop.checkout.latency.ms", Tags.empty(), null, "d", Meter.Type.GAUGE));
		assertThat(this.check.exportedName(gauge)).isEqualTo("shop_checkout_latency_ms");
	}

	@Test
	void fixRemovesTotalFromGaugesAndTypeWords() {
		assertThat(this.check
			.exportedName(this.check.fix(new Meter.Id("shop.orders.total", Tags.empty(), null, "d", Meter.Type.GAUGE))))
			.isEqualTo("shop_orders");
		assertThat(this.check
			.exportedName(this.check.fix(new Meter.Id("shop.queue.gauge", Tags.empty(), null, "d", Meter.Type.GAUGE))))
			.isEqualTo("shop_queue");
	}

	@Test
	void frameworkMetersNeedNoNamespace() {
		assertThat(this.check.isFramework("jvm.threads.live")).isTrue();
		assertThat(this.check.isFramework("jvmish.things")).isFalse();
	}

	private List<NamingRule> rules(Meter.Id id) {
		return this.check.check(id).stream().map(NamingViolation::rule).toList();
	}

}
