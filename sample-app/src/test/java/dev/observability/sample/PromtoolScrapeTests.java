package dev.observability.sample;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's whole scrape, after traffic through every endpoint, passes the real
 * {@code promtool check metrics} with zero findings.
 */
class PromtoolScrapeTests {

	@Test
	void wholeScrapePassesPromtoolWithZeroFindings() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		try (RunningShop shop = RunningShop.start()) {
			shop.driveEveryEndpoint();
			shop.get("/actuator/health");
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
