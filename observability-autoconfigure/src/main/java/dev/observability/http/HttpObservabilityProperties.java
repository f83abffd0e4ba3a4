package dev.observability.http;

import java.time.Duration;
import java.util.List;

import dev.observability.core.LatencyBuckets;
import dev.observability.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for HTTP measurement at the protocol entry.
 */
@ConfigurationProperties("observability.http")
public class HttpObservabilityProperties {

	/**
	 * Largest value accepted for {@code max-routes}: beyond this a route label is no
	 * longer bounded in practice.
	 */
	static final int MAX_ROUTES_LIMIT = 10_000;

	/** Whether the starter measures HTTP requests with its own servlet filter. */
	private boolean enabled = true;

	/**
	 * Number of distinct route labels kept; further routes are recorded as "OTHER" so
	 * that a flood of random paths creates no new series.
	 */
	private int maxRoutes = 100;

	/** Upper bounds of the latency histogram buckets of http_request_duration_seconds. */
	private List<Duration> buckets = LatencyBuckets.defaults();

	/**
	 * Whether the starter's filter replaces Spring Boot's ServerHttpObservationFilter,
	 * owning the server span and the request metrics. When false, Boot's filter stays,
	 * records http_server_requests_seconds and owns the server span, and the starter adds
	 * only its metrics, MDC fields and access log.
	 */
	private boolean replaceBootObservation = true;

	/** The access log written by logger "observability.access". */
	private final AccessLog accessLog = new AccessLog();

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
		if (maxRoutes < 1 || maxRoutes > MAX_ROUTES_LIMIT) {
			throw new IllegalArgumentException(
					"must be between 1 and " + MAX_ROUTES_LIMIT + " (was " + maxRoutes + ")");
		}
		this.maxRoutes = maxRoutes;
	}

	public List<Duration> getBuckets() {
		return this.buckets;
	}

	public void setBuckets(List<Duration> buckets) {
		this.buckets = PropertyChecks.buckets("observability.http.buckets", buckets);
	}

	public boolean isReplaceBootObservation() {
		return this.replaceBootObservation;
	}

	public void setReplaceBootObservation(boolean replaceBootObservation) {
		this.replaceBootObservation = replaceBootObservation;
	}

	public AccessLog getAccessLog() {
		return this.accessLog;
	}

	/**
	 * Settings for the access log.
	 */
	public static class AccessLog {

		/** Which requests get an access log line. */
		private AccessLogMode mode = AccessLogMode.ERRORS_AND_SLOW;

		/** Requests slower than this are logged in mode errors-and-slow. */
		private Duration slowThreshold = Duration.ofSeconds(1);

		public AccessLogMode getMode() {
			return this.mode;
		}

		public void setMode(AccessLogMode mode) {
			this.mode = mode;
		}

		public Duration getSlowThreshold() {
			return this.slowThreshold;
		}

		public void setSlowThreshold(Duration slowThreshold) {
			this.slowThreshold = PropertyChecks.zeroOrPositive("observability.http.access-log.slow-threshold",
					slowThreshold);
		}

	}

}
