package dev.observability.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's client meters show the contract's names in Prometheus, also next to
 * Boot's own client timer when
 * {@code observability.client.replace-boot-observation=false} keeps it.
 */
class HttpClientPrometheusNamesTests {

	@Test
	void startersSeriesAndBootsTimerAreBothScraped() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		Timer.builder("http.client.requests")
			.tags("method", "GET", "uri", "/api/users/{id}", "status", "200", "outcome", "SUCCESS")
			.register(registry)
			.record(5, TimeUnit.MILLISECONDS);
		new HttpClientMetrics(registry, List.of(Duration.ofMillis(10))).record("GET", "inventory:8080",
				"/api/users/{id}", 200, 5_000_000);
		String scrape = registry.scrape();
		assertThat(scrape).contains(
				"http_client_requests_total{code=\"200\",method=\"GET\",peer=\"inventory:8080\",route=\"/api/users/{id}\"} 1.0")
			.contains(
					"http_client_request_duration_seconds_bucket{code=\"200\",method=\"GET\",peer=\"inventory:8080\",route=\"/api/users/{id}\",le=\"0.01\"} 1")
			.contains(
					"http_client_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/users/{id}\"} 1");
	}

}
