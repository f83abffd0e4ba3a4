package dev.observability.naming;

import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The application metrics facade puts the namespace on and refuses bad names at once.
 */
class AppMetricsTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final AppMetrics metrics = new AppMetrics(this.registry,
			new MeterNameCheck(new PrometheusNamingConvention(), "shop", List.of("jvm", "http")), "shop");

	@Test
	void namespaceIsAddedAutomatically() {
		this.metrics.counter("orders.placed").description("Orders placed").register().increment();
		this.metrics.timer("checkout.duration").description("Checkout time").register();
		this.metrics.gauge("cart.items", "Items in carts", new int[] { 4 }, (array) -> array[0]);
		assertThat(this.registry.scrape()).contains("shop_orders_placed_total 1.0")
			.contains("shop_checkout_duration_seconds_count 0")
			.contains("shop_cart_items 4.0");
	}

	@Test
	void badNamesAreRefusedWithTheRuleAndASuggestion() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.counter("responseTimeMs"))
			.withMessageContaining("[camel_case]");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.counter("http.orders"))
			.withMessageContaining("[framework_prefix]");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.counter("latency.ms"))
			.withMessageContaining("[abbreviated_unit]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.metrics.gauge("items.count", "d", new Object(), (o) -> 1))
			.withMessageContaining("[reserved_suffix]");
	}

	@Test
	void descriptionIsRequired() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.counter("orders.placed").register())
			.withMessageContaining("description");
	}

}
