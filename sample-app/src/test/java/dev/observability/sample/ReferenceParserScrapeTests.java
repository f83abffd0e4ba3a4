package dev.observability.sample;

import java.net.http.HttpResponse;

import dev.observability.sample.support.ReferenceParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's scrape, in every content type the endpoint serves, is accepted by the
 * Prometheus project's reference parser: OpenMetrics 1.0 with exemplars only where the
 * specification allows them, and the classic text format.
 */
class ReferenceParserScrapeTests {

	@Test
	void openMetricsScrapeIsValidOpenMetricsAndKeepsBucketExemplars() throws Exception {
		try (RunningShop shop = RunningShop.start("management.tracing.sampling.probability=1.0")) {
			shop.driveEveryEndpoint();
			HttpResponse<String> scrape = shop.getWithScrapeAuth("/actuator/prometheus", ReferenceParser.OPENMETRICS);
			assertThat(scrape.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/openmetrics-text"));
			assertThat(scrape.body()).containsPattern("http_request_duration_seconds_bucket\\{[^}]*} \\d+ # \\{");
			assertThat(scrape.body()).doesNotContainPattern("_count\\{[^}]*} \\d+(\\.\\d+)? # \\{");
			ReferenceParser.Parsed parsed = ReferenceParser.parse(ReferenceParser.OPENMETRICS, scrape.body());
			assertThat(parsed.families()).isPositive();
			assertThat(parsed.exemplars()).isPositive();
		}
	}

	@Test
	void textScrapeParses() throws Exception {
		try (RunningShop shop = RunningShop.start()) {
			shop.driveEveryEndpoint();
			HttpResponse<String> scrape = shop.getWithScrapeAuth("/actuator/prometheus", ReferenceParser.TEXT);
			assertThat(scrape.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
			assertThat(ReferenceParser.parse(ReferenceParser.TEXT, scrape.body()).families()).isPositive();
		}
	}

}
