package dev.observability.sample.reactive;

import dev.observability.sample.support.ReferenceParser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive shop's scrape, in every content type the endpoint serves, is accepted by
 * the Prometheus project's reference parser, exemplars on latency buckets included.
 */
class ReactiveReferenceParserScrapeTests {

	@Test
	void bothContentTypesParseAndBucketsKeepTheirExemplars() throws Exception {
		try (ReactiveShop shop = ReactiveShop.start("management.tracing.sampling.probability=1.0")) {
			shop.get("/api/users/1").expectStatus().isOk();
			shop.order("book", 2).expectStatus().isCreated();
			shop.get("/api/boom").expectStatus().isEqualTo(500);
			String openMetrics = shop.scrape(MediaType.parseMediaType(ReferenceParser.OPENMETRICS));
			assertThat(openMetrics).doesNotContainPattern("_count\\{[^}]*} \\d+(\\.\\d+)? # \\{");
			ReferenceParser.Parsed parsed = ReferenceParser.parse(ReferenceParser.OPENMETRICS, openMetrics);
			assertThat(parsed.families()).isPositive();
			assertThat(parsed.exemplars()).isPositive();
			assertThat(ReferenceParser.parse(ReferenceParser.TEXT, shop.scrape()).families()).isPositive();
		}
	}

}
