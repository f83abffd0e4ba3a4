package dev.observability.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop as shipped, started the way a user starts it (its own application.yml), driven
 * over real HTTP: every endpoint is measured once with its route template and response
 * code.
 */
class ShopApplicationTests {

	private static RunningShop shop;

	@BeforeAll
	static void start() {
		shop = RunningShop.start();
	}

	@AfterAll
	static void stop() {
		if (shop != null) {
			shop.close();
		}
	}

	@Test
	void everyEndpointIsMeasuredWithItsRouteTemplateAndCode() {
		assertThat(shop.get("/api/users/1").statusCode()).isEqualTo(200);
		assertThat(shop.get("/api/users/999").statusCode()).isEqualTo(404);
		assertThat(shop.post("/api/orders", "{\"item\":\"book\",\"quantity\":2}").statusCode()).isEqualTo(201);
		assertThat(shop.post("/api/orders/424242/cancel", null).statusCode()).isEqualTo(409);
		assertThat(shop.get("/api/boom").statusCode()).isEqualTo(500);
		assertThat(shop.get("/no/such/page").statusCode()).isEqualTo(404);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("GET", "/api/users/{id}", "200")).isEqualTo(1);
			assertThat(count("GET", "/api/users/{id}", "404")).isEqualTo(1);
			assertThat(count("POST", "/api/orders", "201")).isEqualTo(1);
			assertThat(count("POST", "/api/orders/{id}/cancel", "409")).isEqualTo(1);
			assertThat(count("GET", "/api/boom", "500")).isEqualTo(1);
			assertThat(count("GET", "NOT_FOUND", "404")).isEqualTo(1);
		});
	}

	@Test
	void theOrdersPriceQuoteIsAnOutboundCallMeasuredByItsTemplate() {
		double before = shop.count("http.client.requests", "method", "GET", "route", "/api/prices/{item}", "code",
				"200");
		assertThat(shop.post("/api/orders", "{\"item\":\"lamp\",\"quantity\":1}").statusCode()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					shop.count("http.client.requests", "method", "GET", "route", "/api/prices/{item}", "code", "200"))
				.isEqualTo(before + 1));
		assertThat(shop.scrape()).containsPattern(
				"http_client_requests_total\\{code=\"200\",method=\"GET\",peer=\"127\\.0\\.0\\.1:\\d+\",route=\"/api/prices/\\{item\\}\"\\}");
	}

	@Test
	void scrapeShowsTheContractNamesAndNotBootsDuplicateTimer() {
		shop.get("/api/users/2");
		String scrape = shop.scrape();
		assertThat(scrape).contains("# TYPE http_requests_total counter")
			.contains("# TYPE http_request_duration_seconds histogram")
			.contains("http_requests_total{code=\"200\",method=\"GET\",route=\"/api/users/{id}\"}")
			.doesNotContain("http_server_requests_seconds");
	}

	private static double count(String method, String route, String code) {
		return shop.count("http.requests", "method", method, "route", route, "code", code);
	}

}
