package dev.observability.sample.reactive;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reactive shop as shipped, started the way a user starts it (its own application.yml), driven
 * over real HTTP: every route answers as the servlet shop does, every request is measured once
 * with its route template and response code, and the scrape endpoints answer only the scrape user.
 */
class ReactiveShopApplicationTests {

	private static ReactiveShop shop;

	@BeforeAll
	static void start() {
		shop = ReactiveShop.start();
	}

	@AfterAll
	static void stop() {
		if (shop != null) {
			shop.close();
		}
	}

	@Test
	void knownUserIsFoundAndUnknownUserIsNotFound() {
		shop.client().get().uri("/api/users/1").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.name").isEqualTo("Ada");
		shop.client().get().uri("/api/users/999").exchange().expectStatus().isNotFound();
	}

	@Test
	void placedOrderIsCreatedAfterTheInventoryCall() {
		shop.order("book", 2).expectStatus().isCreated().expectBody()
			.jsonPath("$.item").isEqualTo("book")
			.jsonPath("$.quantity").isEqualTo(2)
			.jsonPath("$.status").isEqualTo("PLACED");
	}

	@Test
	void orderBeyondTheStockIsAConflict() {
		shop.order("piano", InventoryController.INITIAL_STOCK + 1).expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.error").isEqualTo("only 1000 of 1001 x piano in stock");
	}

	@Test
	void placedOrderCanBeCancelledOnceAndUnknownOrderIsAConflict() {
		long id = shop.order("lamp", 1).expectStatus().isCreated().expectBody(OrderController.Order.class)
			.returnResult().getResponseBody().id();
		shop.client().post().uri("/api/orders/{id}/cancel", id).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("CANCELLED");
		shop.client().post().uri("/api/orders/{id}/cancel", id).exchange().expectStatus().isEqualTo(409);
		shop.client().post().uri("/api/orders/424242/cancel").exchange().expectStatus().isEqualTo(409);
	}

	@Test
	void unhandledErrorIsAnInternalServerError() {
		shop.client().get().uri("/api/boom").exchange().expectStatus().isEqualTo(500);
	}

	@Test
	void everyEndpointIsMeasuredWithItsRouteTemplateAndCode() {
		double users200 = count("GET", "/api/users/{id}", "200");
		double users404 = count("GET", "/api/users/{id}", "404");
		double orders201 = count("POST", "/api/orders", "201");
		double inventory200 = count("GET", "/api/inventory/{item}", "200");
		double cancel409 = count("POST", "/api/orders/{id}/cancel", "409");
		double boom500 = count("GET", "/api/boom", "500");
		double notFound = count("GET", "NOT_FOUND", "404");
		shop.client().get().uri("/api/users/2").exchange().expectStatus().isOk();
		shop.client().get().uri("/api/users/998").exchange().expectStatus().isNotFound();
		shop.order("pen", 1).expectStatus().isCreated();
		shop.client().post().uri("/api/orders/525252/cancel").exchange().expectStatus().isEqualTo(409);
		shop.client().get().uri("/api/boom").exchange().expectStatus().isEqualTo(500);
		shop.client().get().uri("/no/such/page").exchange().expectStatus().isNotFound();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("GET", "/api/users/{id}", "200")).isEqualTo(users200 + 1);
			assertThat(count("GET", "/api/users/{id}", "404")).isEqualTo(users404 + 1);
			assertThat(count("POST", "/api/orders", "201")).isEqualTo(orders201 + 1);
			// The order's own call to the inventory API is a request of its own.
			assertThat(count("GET", "/api/inventory/{item}", "200")).isEqualTo(inventory200 + 1);
			assertThat(count("POST", "/api/orders/{id}/cancel", "409")).isEqualTo(cancel409 + 1);
			assertThat(count("GET", "/api/boom", "500")).isEqualTo(boom500 + 1);
			assertThat(count("GET", "NOT_FOUND", "404")).isEqualTo(notFound + 1);
		});
	}

	@Test
	void errorsAreCountedAsPanicWhenUnhandledAndAsHandledWhenAnExceptionHandlerAnswered() {
		double panics = shop.count("errors", "source", "http", "type", "panic", "exception", "IllegalStateException");
		double handled = shop.count("errors", "source", "http", "type", "handled", "exception",
				"OrderConflictException");
		shop.client().get().uri("/api/boom").exchange().expectStatus().isEqualTo(500);
		shop.client().post().uri("/api/orders/626262/cancel").exchange().expectStatus().isEqualTo(409);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(shop.count("errors", "source", "http", "type", "panic", "exception", "IllegalStateException"))
				.isEqualTo(panics + 1);
			assertThat(shop.count("errors", "source", "http", "type", "handled", "exception",
					"OrderConflictException"))
				.isEqualTo(handled + 1);
		});
	}

	@Test
	void scrapeShowsTheContractNamesAndNotBootsDuplicateTimer() {
		shop.client().get().uri("/api/users/3").exchange().expectStatus().isOk();
		String scrape = shop.scrape();
		assertThat(scrape).contains("# TYPE http_requests_total counter")
			.contains("# TYPE http_request_duration_seconds histogram")
			.contains("http_requests_total{code=\"200\",method=\"GET\",route=\"/api/users/{id}\"}")
			.doesNotContain("http_server_requests_seconds");
	}

	@Test
	void scrapeEndpointsAnswerOnlyTheScrapeUserAndHealthStaysOpen() {
		for (String endpoint : new String[] { "prometheus", "metrics", "observability" }) {
			shop.client().get().uri("/actuator/" + endpoint).exchange().expectStatus().isUnauthorized();
			shop.client().get().uri("/actuator/" + endpoint)
				.headers((headers) -> headers.setBasicAuth(ReactiveShop.SCRAPE_USER, "wrong"))
				.exchange().expectStatus().isUnauthorized();
		}
		shop.client().get().uri("/actuator/prometheus").accept(ReactiveShop.PROMETHEUS_TEXT)
			.headers((headers) -> headers.setBasicAuth(ReactiveShop.SCRAPE_USER, ReactiveShop.SCRAPE_PASSWORD))
			.exchange().expectStatus().isOk();
		shop.client().get().uri("/actuator/health").accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk();
	}

	private static double count(String method, String route, String code) {
		return shop.count("http.requests", "method", method, "route", route, "code", code);
	}

}
