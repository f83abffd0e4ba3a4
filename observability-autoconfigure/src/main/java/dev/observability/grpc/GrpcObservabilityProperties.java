package dev.observability.grpc;

import java.time.Duration;
import java.util.List;

import dev.observability.core.LatencyBuckets;
import dev.observability.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for gRPC measurement at the protocol entry.
 */
@ConfigurationProperties("observability.grpc")
public class GrpcObservabilityProperties {

	/** Whether the starter measures and traces gRPC calls. */
	private boolean enabled = true;

	/**
	 * Upper bounds of the latency histogram buckets of
	 * grpc_server_request_duration_seconds and grpc_client_request_duration_seconds.
	 */
	private List<Duration> buckets = LatencyBuckets.defaults();

	/**
	 * Whether the starter's interceptors replace Spring gRPC's observation interceptors,
	 * so that each call has exactly one server span and one set of metrics. When false,
	 * Spring gRPC's interceptors stay (and the starter only adds its own metrics, spans
	 * and MDC fields, which doubles the spans).
	 */
	private boolean replaceSpringObservation = true;

	/** The server side. */
	private final Side server = new Side();

	/** The client side. */
	private final Side client = new Side();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Duration> getBuckets() {
		return this.buckets;
	}

	public void setBuckets(List<Duration> buckets) {
		this.buckets = PropertyChecks.buckets("observability.grpc.buckets", buckets);
	}

	public boolean isReplaceSpringObservation() {
		return this.replaceSpringObservation;
	}

	public void setReplaceSpringObservation(boolean replaceSpringObservation) {
		this.replaceSpringObservation = replaceSpringObservation;
	}

	public Side getServer() {
		return this.server;
	}

	public Side getClient() {
		return this.client;
	}

	/**
	 * Settings of one side (server or client).
	 */
	public static class Side {

		/** Whether this side is measured and traced. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
