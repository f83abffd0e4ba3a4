package dev.observability.sample.reactive;

import dev.observability.sample.support.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive shop's whole scrape, after traffic through every route, passes the real
 * {@code promtool check metrics} with zero findings.
 */
class ReactivePromtoolScrapeTests {

	@Test
	void wholeScrapePassesPromtoolWithZeroFindings() throws Exception {
		ExternalTool.require("promtool", "prometheus");
		try (ReactiveShop shop = ReactiveShop.start()) {
			shop.get("/api/users/1").expectStatus().isOk();
			shop.get("/api/users/999").expectStatus().isNotFound();
			shop.order("book", 2).expectStatus().isCreated();
			shop.post("/api/orders/1/cancel").expectStatus().isOk();
			shop.post("/api/orders/1/cancel").expectStatus().isEqualTo(409);
			shop.get("/api/boom").expectStatus().isEqualTo(500);
			shop.get("/no/such/page").expectStatus().isNotFound();
			shop.get("/actuator/health").expectStatus().isOk();
			String scrape = shop.scrape();
			assertThat(scrape).contains("http_requests_total").contains("process_cpu_seconds_total");
			assertThat(ExternalTool.promtoolFindings(scrape)).as("promtool findings").isEmpty();
		}
	}

}
