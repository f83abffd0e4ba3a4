package dev.observability.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.observability.core.LabelNames;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records one side's call counter and latency histogram with the labels {@code service},
 * {@code method} and {@code code}: {@code grpc_server_requests_total} and
 * {@code grpc_server_request_duration_seconds}, or their {@code grpc_client_…} twins.
 * <p>
 * Meters are looked up once per (service, method, code) and kept: recording a call is a map
 * lookup by full method name and an array read by status code.
 */
public class GrpcCallMetrics {

	/** Meter name of the server call counter; Prometheus shows {@code grpc_server_requests_total}. */
	public static final String SERVER_REQUESTS = "grpc.server.requests";

	/** Meter name of the server latency histogram; Prometheus shows {@code grpc_server_request_duration_seconds}. */
	public static final String SERVER_DURATION = "grpc.server.request.duration";

	/** Meter name of the client call counter; Prometheus shows {@code grpc_client_requests_total}. */
	public static final String CLIENT_REQUESTS = "grpc.client.requests";

	/** Meter name of the client latency histogram; Prometheus shows {@code grpc_client_request_duration_seconds}. */
	public static final String CLIENT_DURATION = "grpc.client.request.duration";

	/** Label value of {@code service} and {@code method} for a call to a method the server does not have. */
	public static final String UNMATCHED = "UNMATCHED";

	private static final Status.Code[] CODES = Status.Code.values();

	private final MeterRegistry registry;

	private final Duration[] buckets;

	private final String requestsName;

	private final String requestsDescription;

	private final String durationName;

	private final String durationDescription;

	private final ConcurrentMap<String, MethodMeters> methods = new ConcurrentHashMap<>();

	private GrpcCallMetrics(MeterRegistry registry, List<Duration> buckets, String requestsName,
			String requestsDescription, String durationName, String durationDescription) {
		this.registry = registry;
		this.buckets = buckets.toArray(new Duration[0]);
		this.requestsName = requestsName;
		this.requestsDescription = requestsDescription;
		this.durationName = durationName;
		this.durationDescription = durationDescription;
	}

	/**
	 * The server side's meters.
	 * @param registry where the meters are registered
	 * @param buckets upper bounds of the latency histogram buckets
	 * @return the recorder
	 */
	public static GrpcCallMetrics server(MeterRegistry registry, List<Duration> buckets) {
		return new GrpcCallMetrics(registry, buckets, SERVER_REQUESTS,
				"gRPC calls received, by service, method and the status code the client received", SERVER_DURATION,
				"Time from the start of a gRPC call on the server until its stream closed");
	}

	/**
	 * The client side's meters.
	 * @param registry where the meters are registered
	 * @param buckets upper bounds of the latency histogram buckets
	 * @return the recorder
	 */
	public static GrpcCallMetrics client(MeterRegistry registry, List<Duration> buckets) {
		return new GrpcCallMetrics(registry, buckets, CLIENT_REQUESTS,
				"gRPC calls made, by service, method and the status code the client got", CLIENT_DURATION,
				"Time from the start of a gRPC call on the client until it closed");
	}

	/**
	 * The meters of one method, kept by the caller for the duration of a call.
	 * @param method the method
	 * @return its meters
	 */
	public MethodMeters forMethod(MethodDescriptor<?, ?> method) {
		MethodMeters found = this.methods.get(method.getFullMethodName());
		if (found == null) {
			found = this.methods.computeIfAbsent(method.getFullMethodName(),
					(name) -> new MethodMeters(serviceLabel(method), methodLabel(method)));
		}
		return found;
	}

	/**
	 * The meters for calls to methods the server does not have, labelled {@value #UNMATCHED} so
	 * that random method names create no new series.
	 * @return the meters
	 */
	public MethodMeters unmatched() {
		MethodMeters found = this.methods.get(UNMATCHED);
		if (found == null) {
			found = this.methods.computeIfAbsent(UNMATCHED, (name) -> new MethodMeters(UNMATCHED, UNMATCHED));
		}
		return found;
	}

	static String serviceLabel(MethodDescriptor<?, ?> method) {
		String service = method.getServiceName();
		return (service != null) ? service : UNMATCHED;
	}

	static String methodLabel(MethodDescriptor<?, ?> method) {
		String bare = method.getBareMethodName();
		return (bare != null) ? bare : method.getFullMethodName();
	}

	/**
	 * The meters of one (service, method), one pair per status code, registered on first use.
	 */
	public final class MethodMeters {

		private final String service;

		private final String method;

		private final AtomicReferenceArray<Meters> byCode = new AtomicReferenceArray<>(CODES.length);

		MethodMeters(String service, String method) {
			this.service = service;
			this.method = method;
		}

		/** The {@code service} label. */
		public String service() {
			return this.service;
		}

		/** The {@code method} label. */
		public String method() {
			return this.method;
		}

		/**
		 * Records one finished call.
		 * @param code the status code
		 * @param durationNanos how long the call took, in nanoseconds
		 */
		public void record(Status.Code code, long durationNanos) {
			Meters meters = this.byCode.get(code.ordinal());
			if (meters == null) {
				meters = register(code);
			}
			meters.requests().increment();
			meters.duration().record(durationNanos, TimeUnit.NANOSECONDS);
		}

		private Meters register(Status.Code code) {
			// Micrometer returns the same meters for the same id, so a lost race costs nothing.
			Tags tags = Tags.of(LabelNames.SERVICE, this.service, LabelNames.METHOD, this.method, LabelNames.CODE,
					code.name());
			Counter requests = Counter.builder(GrpcCallMetrics.this.requestsName)
				.description(GrpcCallMetrics.this.requestsDescription)
				.tags(tags)
				.register(GrpcCallMetrics.this.registry);
			Timer duration = Timer.builder(GrpcCallMetrics.this.durationName)
				.description(GrpcCallMetrics.this.durationDescription)
				.tags(tags)
				.serviceLevelObjectives(GrpcCallMetrics.this.buckets)
				.register(GrpcCallMetrics.this.registry);
			Meters meters = new Meters(requests, duration);
			this.byCode.set(code.ordinal(), meters);
			return meters;
		}

	}

	private record Meters(Counter requests, Timer duration) {
	}

}
