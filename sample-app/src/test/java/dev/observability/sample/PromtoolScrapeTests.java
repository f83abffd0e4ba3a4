package dev.observability.sample;

import dev.observability.sample.support.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's whole scrape, after traffic through every endpoint, passes the real
 * {@code promtool check metrics} with zero findings; on Java 21+ it includes the
 * virtual-thread meters.
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
			if (Runtime.version().feature() >= 21) {
				// the starter brings Micrometer's virtual-thread binder on JDK 21+ only
				assertThat(scrape).contains("jvm_threads_virtual_pinned_seconds_count")
					.contains("jvm_threads_virtual_submit_failed_total");
			}
			else {
				assertThat(scrape).doesNotContain("jvm_threads_virtual");
			}
			assertThat(ExternalTool.promtoolFindings(scrape)).as("promtool findings").isEmpty();
		}
	}

}
