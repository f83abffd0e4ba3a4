package dev.observability.client;

import java.time.Duration;
import java.util.List;

import dev.observability.core.LatencyBuckets;
import dev.observability.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the measurement of outbound HTTP calls.
 */
@ConfigurationProperties("observability.client")
public class HttpClientObservabilityProperties {

	/** Largest value accepted for {@code max-routes} and {@code max-peers}. */
	static final int MAX_VALUES_LIMIT = 10_000;

	/**
	 * Whether the starter measures, traces and counts the errors of calls made through
	 * RestClient, RestTemplate and WebClient built from Spring Boot's builders.
	 */
	private boolean enabled = true;

	/**
	 * Number of distinct route labels kept; further URI templates are recorded as
	 * "OTHER".
	 */
	private int maxRoutes = 100;

	/**
	 * Number of distinct peer labels kept; further target hosts are recorded as "OTHER"
	 * and counted in observability_cardinality_overflow_total.
	 */
	private int maxPeers = 50;

	/**
	 * Upper bounds of the latency histogram buckets of
	 * http_client_request_duration_seconds.
	 */
	private List<Duration> buckets = LatencyBuckets.defaults();

	/**
	 * Whether the starter's instrumentation replaces Spring Boot's client observation
	 * (http_client_requests_seconds and its client span), so that each call is measured
	 * once. When false, Boot's observation stays and owns the client span; the starter
	 * adds its metrics and error counts only.
	 */
	private boolean replaceBootObservation = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxRoutes() {
		return this.maxRoutes;
	}

	public void setMaxRoutes(int maxRoutes) {
		this.maxRoutes = PropertyChecks.inRange("observability.client.max-routes", maxRoutes, 1, MAX_VALUES_LIMIT);
	}

	public int getMaxPeers() {
		return this.maxPeers;
	}

	public void setMaxPeers(int maxPeers) {
		this.maxPeers = PropertyChecks.inRange("observability.client.max-peers", maxPeers, 1, MAX_VALUES_LIMIT);
	}

	public List<Duration> getBuckets() {
		return this.buckets;
	}

	public void setBuckets(List<Duration> buckets) {
		this.buckets = PropertyChecks.buckets("observability.client.buckets", buckets);
	}

	public boolean isReplaceBootObservation() {
		return this.replaceBootObservation;
	}

	public void setReplaceBootObservation(boolean replaceBootObservation) {
		this.replaceBootObservation = replaceBootObservation;
	}

}
