package dev.observability.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.core.HttpStatusCodes;
import dev.observability.core.LabelNames;
import dev.observability.core.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records {@code http_requests_total} and {@code http_request_duration_seconds} with the
 * labels {@code method}, {@code route} and {@code code}.
 * <p>
 * Meters are looked up once per label combination and kept, so recording a request does
 * no registry work and allocates nothing once its combination has been seen.
 */
public class HttpRequestMetrics {

	/**
	 * Meter name of the request counter; Prometheus shows it as
	 * {@code http_requests_total}.
	 */
	public static final String REQUESTS = "http.requests";

	/**
	 * Meter name of the latency histogram; Prometheus shows it as
	 * {@code http_request_duration_seconds}.
	 */
	public static final String DURATION = "http.request.duration";

	private final MeterRegistry registry;

	private final Duration[] buckets;

	/** method → route → status → meters. */
	private final MeterCache<String, MeterCache<String, MeterCache<Integer, Meters>>> meters;

	/**
	 * Creates the recorder.
	 * @param registry where the meters are registered
	 * @param buckets upper bounds of the latency histogram buckets
	 */
	public HttpRequestMetrics(MeterRegistry registry, List<Duration> buckets) {
		this.registry = registry;
		this.buckets = buckets.toArray(new Duration[0]);
		this.meters = MeterCache
			.of((method) -> MeterCache.of((route) -> MeterCache.of((status) -> register(method, route, status))));
	}

	/**
	 * Records one finished request.
	 * @param method the normalized request method
	 * @param route the bounded route label
	 * @param status the response status
	 * @param durationNanos how long the request took, in nanoseconds
	 */
	public void record(String method, String route, int status, long durationNanos) {
		Meters meters = this.meters.get(method).get(route).get(HttpStatusCodes.key(status));
		meters.requests.increment();
		meters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	private Meters register(String method, String route, int status) {
		Tags tags = Tags.of(LabelNames.METHOD, method, LabelNames.ROUTE, route, LabelNames.CODE,
				HttpStatusCodes.text(status));
		Counter requests = Counter.builder(REQUESTS)
			.description("HTTP requests received, by method, route template and response code")
			.tags(tags)
			.register(this.registry);
		Timer duration = Timer.builder(DURATION)
			.description("Time from the first servlet filter until the response is complete")
			.tags(tags)
			.serviceLevelObjectives(this.buckets)
			.register(this.registry);
		return new Meters(requests, duration);
	}

	private record Meters(Counter requests, Timer duration) {
	}

}
