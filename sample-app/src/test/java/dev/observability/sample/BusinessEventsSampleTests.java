package dev.observability.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop's order flow records checkout_submit and payment_success once per order; the
 * framework-like event every request records is kept out by the allowlist and counted as
 * such.
 */
class BusinessEventsSampleTests {

	@Test
	void placingAnOrderRecordsCheckoutAndPaymentAndRejectsTheFrameworkEvent() {
		try (RunningShop shop = RunningShop.start("observability.events.allowed=checkout_submit,payment_success")) {
			HttpResponse<String> response = shop.post("/api/orders", "{\"item\":\"book\",\"quantity\":1}");
			assertThat(response.statusCode()).isEqualTo(201);
			MeterRegistry registry = shop.context().getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(registry.get("shop.business.events").tag("event", "checkout_submit").counter().count())
					.isEqualTo(1);
				assertThat(registry.get("shop.business.events").tag("event", "payment_success").counter().count())
					.isEqualTo(1);
				assertThat(registry.get("observability.events.dropped").tag("reason", "not_allowed").counter().count())
					.isGreaterThanOrEqualTo(1);
			});
			assertThat(registry.find("shop.business.events").tag("event", "http_request_handled").counter()).isNull();
		}
	}

}
