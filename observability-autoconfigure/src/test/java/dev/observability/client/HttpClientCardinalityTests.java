package dev.observability.client;

import java.time.Duration;
import java.util.List;

import dev.observability.naming.CardinalityGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids in URIs and many target hosts create no unbounded series.
 */
class HttpClientCardinalityTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final RestClient client = measured(RestClient.builder()).requestFactory(new StubRequestFactory())
		.baseUrl("http://inventory:8080")
		.build();

	private RestClient.Builder measured(RestClient.Builder builder) {
		new HttpClientObservation(
				new HttpClientCallRecorder(new HttpClientMetrics(this.registry, List.of(Duration.ofMillis(10))),
						HttpClientLabels.counted(this.registry, 100, 50), HttpClientTracing.NONE, List.of()),
				true)
			.applyTo(builder);
		return builder;
	}

	@Test
	void hundredThousandIdsThroughOneTemplateMakeOneSeries() {
		for (int id = 0; id < 100_000; id++) {
			this.client.get().uri("/api/users/{id}", id).retrieve().toBodilessEntity();
		}
		assertThat(this.registry.find(HttpClientMetrics.REQUESTS).counters()).singleElement().satisfies((counter) -> {
			assertThat(counter.count()).isEqualTo(100_000);
			assertThat(counter.getId().getTag("route")).isEqualTo("/api/users/{id}");
			assertThat(counter.getId().getTag("peer")).isEqualTo("inventory:8080");
		});
	}

	@Test
	void thousandHostsAreCappedToOtherWithTheOverflowCounted() {
		for (int host = 0; host < 1_000; host++) {
			this.client.get().uri("http://host-" + host + ".example/api/stock").retrieve().toBodilessEntity();
		}
		List<Counter> counters = List.copyOf(this.registry.find(HttpClientMetrics.REQUESTS).counters());
		assertThat(counters).hasSize(51);
		assertThat(counters).filteredOn((counter) -> counter.getId().getTag("peer").equals("OTHER"))
			.singleElement()
			.satisfies((counter) -> assertThat(counter.count()).isEqualTo(950));
		assertThat(counters)
			.allSatisfy((counter) -> assertThat(counter.getId().getTag("route")).isEqualTo("/api/stock"));
		assertThat(this.registry.get(CardinalityGuard.OVERFLOW_METER)
			.tags("meter", HttpClientMetrics.REQUESTS, "tag", "peer")
			.counter()
			.count()).isEqualTo(950);
	}

	@Test
	void defaultPortsAreLeftOutOfThePeerAndUserInformationNeverAppears() {
		this.client.get().uri("http://alice:secret@payments.example:80/pay").retrieve().toBodilessEntity();
		this.client.get().uri("https://payments.example:8443/pay").retrieve().toBodilessEntity();
		assertThat(this.registry.find(HttpClientMetrics.REQUESTS).counters())
			.extracting((counter) -> counter.getId().getTag("peer"))
			.containsExactlyInAnyOrder("payments.example", "payments.example:8443");
	}

}
