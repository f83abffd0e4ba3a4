package dev.observability.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import dev.observability.core.HttpStatusCodes;
import dev.observability.core.LabelNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records {@code http_client_requests_total} and
 * {@code http_client_request_duration_seconds} with the labels {@code method},
 * {@code peer}, {@code route} and {@code code}.
 * <p>
 * Meters are looked up once per label combination and kept, so recording a call does no
 * registry work and allocates nothing once its combination has been seen.
 */
public class HttpClientMetrics {

	/**
	 * Meter name of the call counter; Prometheus shows it as
	 * {@code http_client_requests_total}.
	 */
	public static final String REQUESTS = "http.client.requests";

	/**
	 * Meter name of the latency histogram; Prometheus shows
	 * {@code http_client_request_duration_seconds}.
	 */
	public static final String DURATION = "http.client.request.duration";

	/**
	 * Code label of a call that got no response (connection refused, timeout, cancelled).
	 */
	public static final String NO_RESPONSE = "NO_RESPONSE";

	/** The status passed to {@link #record} for a call that got no response. */
	public static final int NO_STATUS = 0;

	private static final Integer NO_STATUS_KEY = NO_STATUS;

	private final MeterRegistry registry;

	private final Duration[] buckets;

	/** method → peer → route → status → meters. */
	private final ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<Integer, Meters>>>> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the recorder.
	 * @param registry where the meters are registered
	 * @param buckets upper bounds of the latency histogram buckets
	 */
	public HttpClientMetrics(MeterRegistry registry, List<Duration> buckets) {
		this.registry = registry;
		this.buckets = buckets.toArray(new Duration[0]);
	}

	/**
	 * Records one finished call.
	 * @param method the normalized request method
	 * @param peer the bounded peer label
	 * @param route the bounded route label
	 * @param status the response status, or {@link #NO_STATUS}
	 * @param durationNanos how long the call took, in nanoseconds
	 */
	public void record(String method, String peer, String route, int status, long durationNanos) {
		Meters found = meters(method, peer, route, status);
		found.requests.increment();
		found.duration.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The {@code code} label of a status.
	 * @param status the response status, or {@link #NO_STATUS}
	 * @return the label value
	 */
	public static String code(int status) {
		return (status == NO_STATUS) ? NO_RESPONSE : HttpStatusCodes.text(status);
	}

	private Meters meters(String method, String peer, String route, int status) {
		ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<Integer, Meters>>> byPeer = this.meters.get(method);
		if (byPeer == null) {
			byPeer = this.meters.computeIfAbsent(method, (key) -> new ConcurrentHashMap<>());
		}
		ConcurrentMap<String, ConcurrentMap<Integer, Meters>> byRoute = byPeer.get(peer);
		if (byRoute == null) {
			byRoute = byPeer.computeIfAbsent(peer, (key) -> new ConcurrentHashMap<>());
		}
		ConcurrentMap<Integer, Meters> byStatus = byRoute.get(route);
		if (byStatus == null) {
			byStatus = byRoute.computeIfAbsent(route, (key) -> new ConcurrentHashMap<>());
		}
		Integer statusKey = (status == NO_STATUS) ? NO_STATUS_KEY : HttpStatusCodes.key(status);
		Meters found = byStatus.get(statusKey);
		if (found == null) {
			found = byStatus.computeIfAbsent(statusKey, (key) -> register(method, peer, route, key));
		}
		return found;
	}

	private Meters register(String method, String peer, String route, int status) {
		Tags tags = Tags.of(LabelNames.METHOD, method, HttpClientLabels.PEER, peer, LabelNames.ROUTE, route,
				LabelNames.CODE, code(status));
		Counter requests = Counter.builder(REQUESTS)
			.description("Outbound HTTP calls, by method, target host, URI template and response code")
			.tags(tags)
			.register(this.registry);
		Timer duration = Timer.builder(DURATION)
			.description("Time from sending an outbound HTTP call until its response headers arrived or it failed")
			.tags(tags)
			.serviceLevelObjectives(this.buckets)
			.register(this.registry);
		return new Meters(requests, duration);
	}

	private record Meters(Counter requests, Timer duration) {
	}

}
