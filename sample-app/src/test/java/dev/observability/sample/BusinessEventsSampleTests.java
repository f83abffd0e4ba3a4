package dev.observability.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop's order flow records checkout_submit and payment_success once per order; the
 * framework-like event every request records is kept out by the allowlist and counted as such.
 */
class BusinessEventsSampleTests {

	@Test
	void placingAnOrderRecordsCheckoutAndPaymentAndRejectsTheFrameworkEvent() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1",
					"observability.events.allowed=checkout_submit,payment_success")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\",\"quantity\":1}"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
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
