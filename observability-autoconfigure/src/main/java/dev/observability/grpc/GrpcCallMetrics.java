package dev.observability.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.core.LabelNames;
import dev.observability.core.MeterCache;
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
 * Meters are looked up once per (service, method, code) and kept: recording a call is a
 * map lookup by full method name and an array read by status code.
 */
final class GrpcCallMetrics {

	/**
	 * Meter name of the server call counter; Prometheus shows
	 * {@code grpc_server_requests_total}.
	 */
	public static final String SERVER_REQUESTS = "grpc.server.requests";

	/**
	 * Meter name of the server latency histogram; Prometheus shows
	 * {@code grpc_server_request_duration_seconds}.
	 */
	public static final String SERVER_DURATION = "grpc.server.request.duration";

	/**
	 * Meter name of the client call counter; Prometheus shows
	 * {@code grpc_client_requests_total}.
	 */
	public static final String CLIENT_REQUESTS = "grpc.client.requests";

	/**
	 * Meter name of the client latency histogram; Prometheus shows
	 * {@code grpc_client_request_duration_seconds}.
	 */
	public static final String CLIENT_DURATION = "grpc.client.request.duration";

	/**
	 * Label value of {@code service} and {@code method} for a call to a method the server
	 * does not have.
	 */
	public static final String UNMATCHED = "UNMATCHED";

	private final MeterRegistry registry;

	private final Duration[] buckets;

	private final String requestsName;

	private final String requestsDescription;

	private final String durationName;

	private final String durationDescription;

	/** full method name → the method's meters. */
	private final MeterCache<String, MethodMeters> methods = MeterCache
		.of((fullMethodName) -> new MethodMeters(serviceLabel(fullMethodName), methodLabel(fullMethodName)));

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
		return this.methods.get(method.getFullMethodName());
	}

	/**
	 * The meters for calls to methods the server does not have, labelled
	 * {@value #UNMATCHED} so that random method names create no new series.
	 * @return the meters
	 */
	public MethodMeters unmatched() {
		// A full method name has a '/': this key is no method's, and its labels are
		// UNMATCHED twice.
		return this.methods.get(UNMATCHED);
	}

	/**
	 * What {@link MethodDescriptor#getServiceName()} says, {@value #UNMATCHED} without a
	 * service.
	 */
	private static String serviceLabel(String fullMethodName) {
		String service = MethodDescriptor.extractFullServiceName(fullMethodName);
		return (service != null) ? service : UNMATCHED;
	}

	/**
	 * What {@link MethodDescriptor#getBareMethodName()} says, the full name without a
	 * service.
	 */
	private static String methodLabel(String fullMethodName) {
		String bare = MethodDescriptor.extractBareMethodName(fullMethodName);
		return (bare != null) ? bare : fullMethodName;
	}

	/**
	 * The meters of one (service, method), one pair per status code, registered on first
	 * use.
	 */
	public final class MethodMeters {

		private final String service;

		private final String method;

		private final MeterCache<Status.Code, Meters> byCode = MeterCache.of(Status.Code.class, this::register);

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
			Meters meters = this.byCode.get(code);
			meters.requests().increment();
			meters.duration().record(durationNanos, TimeUnit.NANOSECONDS);
		}

		private Meters register(Status.Code code) {
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
			return new Meters(requests, duration);
		}

	}

	private record Meters(Counter requests, Timer duration) {
	}

}
