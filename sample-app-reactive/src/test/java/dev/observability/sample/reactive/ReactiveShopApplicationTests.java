package dev.observability.sample.reactive;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive shop as shipped, started the way a user starts it (its own
 * application.yml), driven over real HTTP: every route answers as the servlet shop does,
 * the scrape shows the contract's names, and the scrape endpoints answer only the scrape
 * user.
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
		shop.get("/api/users/1").expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Ada");
		shop.get("/api/users/999").expectStatus().isNotFound();
	}

	@Test
	void placedOrderIsCreatedAfterTheInventoryCall() {
		shop.order("book", 2)
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.item")
			.isEqualTo("book")
			.jsonPath("$.quantity")
			.isEqualTo(2)
			.jsonPath("$.status")
			.isEqualTo("PLACED");
	}

	@Test
	void orderBeyondTheStockIsAConflict() {
		shop.order("piano", InventoryController.INITIAL_STOCK + 1)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("only 1000 of 1001 x piano in stock");
	}

	@Test
	void placedOrderCanBeCancelledOnceAndUnknownOrderIsAConflict() {
		long id = shop.order("lamp", 1)
			.expectStatus()
			.isCreated()
			.expectBody(OrderController.Order.class)
			.returnResult()
			.getResponseBody()
			.id();
		shop.post("/api/orders/" + id + "/cancel")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CANCELLED");
		shop.post("/api/orders/" + id + "/cancel").expectStatus().isEqualTo(409);
		shop.post("/api/orders/424242/cancel").expectStatus().isEqualTo(409);
	}

	@Test
	void unhandledErrorIsAnInternalServerError() {
		shop.get("/api/boom").expectStatus().isEqualTo(500);
	}

	@Test
	void scrapeShowsTheContractNamesAndNotBootsDuplicateTimer() {
		shop.get("/api/users/3").expectStatus().isOk();
		String scrape = shop.scrape();
		assertThat(scrape).contains("# TYPE http_requests_total counter")
			.contains("# TYPE http_request_duration_seconds histogram")
			.contains("http_requests_total{code=\"200\",method=\"GET\",route=\"/api/users/{id}\"}")
			.doesNotContain("http_server_requests_seconds");
	}

	@Test
	void scrapeEndpointsAnswerOnlyTheScrapeUserAndHealthStaysOpen() {
		for (String endpoint : new String[] { "prometheus", "metrics", "observability" }) {
			shop.get("/actuator/" + endpoint).expectStatus().isUnauthorized();
			shop.getAsScrapeUser("/actuator/" + endpoint, "wrong").expectStatus().isUnauthorized();
		}
		shop.getAsScrapeUser("/actuator/prometheus", ReactiveShop.SCRAPE_PASSWORD).expectStatus().isOk();
		shop.get("/actuator/health").expectStatus().isOk();
	}

}
