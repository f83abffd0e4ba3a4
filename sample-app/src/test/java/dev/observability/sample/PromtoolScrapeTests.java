package dev.observability.sample;

import dev.observability.sample.support.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's whole scrape, after traffic through every endpoint, passes the real
 * {@code promtool check metrics} with zero findings.
 */
class PromtoolScrapeTests {

	@Test
	void wholeScrapePassesPromtoolWithZeroFindings() throws Exception {
		ExternalTool.require("promtool", "prometheus");
		try (RunningShop shop = RunningShop.start()) {
			shop.driveEveryEndpoint();
			shop.get("/actuator/health");
			String scrape = shop.scrape();
			assertThat(scrape).contains("http_requests_total").contains("process_cpu_seconds_total");
			assertThat(ExternalTool.promtoolFindings(scrape)).as("promtool findings").isEmpty();
		}
	}

}
