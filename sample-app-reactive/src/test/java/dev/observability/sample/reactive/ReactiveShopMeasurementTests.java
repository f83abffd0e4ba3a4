package dev.observability.sample.reactive;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request to the reactive shop is measured once, with its route template and
 * response code, and every exception is counted once, as a panic when nothing handled it
 * and as handled when an exception handler answered. Each test has a shop of its own, so
 * that the counts are exact.
 */
class ReactiveShopMeasurementTests {

	@Test
	void everyEndpointIsMeasuredWithItsRouteTemplateAndCode() {
		try (ReactiveShop shop = ReactiveShop.start()) {
			shop.get("/api/users/2").expectStatus().isOk();
			shop.get("/api/users/998").expectStatus().isNotFound();
			shop.order("pen", 1).expectStatus().isCreated();
			shop.post("/api/orders/525252/cancel").expectStatus().isEqualTo(409);
			shop.get("/api/boom").expectStatus().isEqualTo(500);
			shop.get("/no/such/page").expectStatus().isNotFound();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(requests(shop, "GET", "/api/users/{id}", "200")).isEqualTo(1);
				assertThat(requests(shop, "GET", "/api/users/{id}", "404")).isEqualTo(1);
				assertThat(requests(shop, "POST", "/api/orders", "201")).isEqualTo(1);
				// The order's own call to the inventory API is a request of its own.
				assertThat(requests(shop, "GET", "/api/inventory/{item}", "200")).isEqualTo(1);
				assertThat(requests(shop, "POST", "/api/orders/{id}/cancel", "409")).isEqualTo(1);
				assertThat(requests(shop, "GET", "/api/boom", "500")).isEqualTo(1);
				assertThat(requests(shop, "GET", "NOT_FOUND", "404")).isEqualTo(1);
			});
		}
	}

	@Test
	void errorsAreCountedAsPanicWhenUnhandledAndAsHandledWhenAnExceptionHandlerAnswered() {
		try (ReactiveShop shop = ReactiveShop.start()) {
			shop.get("/api/boom").expectStatus().isEqualTo(500);
			shop.post("/api/orders/626262/cancel").expectStatus().isEqualTo(409);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(errors(shop, "panic", "IllegalStateException")).isEqualTo(1);
				assertThat(errors(shop, "handled", "OrderConflictException")).isEqualTo(1);
			});
			assertThat(errors(shop, "handled", "IllegalStateException")).isZero();
			assertThat(errors(shop, "panic", "OrderConflictException")).isZero();
		}
	}

	private static double requests(ReactiveShop shop, String method, String route, String code) {
		return shop.count("http.requests", "method", method, "route", route, "code", code);
	}

	private static double errors(ReactiveShop shop, String type, String exception) {
		return shop.count("errors", "source", "http", "type", type, "exception", exception);
	}

}
