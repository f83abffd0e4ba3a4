package dev.observability.sample.reactive;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive shop's whole scrape, after traffic through every route, passes the real
 * {@code promtool check metrics} with zero findings.
 */
class ReactivePromtoolScrapeTests {

	@Test
	void wholeScrapePassesPromtoolWithZeroFindings() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
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

			Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
			process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().close();
			String findings = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(findings).as("promtool findings").isEmpty();
			assertThat(process.exitValue()).isZero();
		}
	}

}
