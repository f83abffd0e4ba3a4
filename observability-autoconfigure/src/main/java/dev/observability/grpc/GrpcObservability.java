package dev.observability.grpc;

import java.time.Duration;
import java.util.List;

import dev.observability.core.PropertyChecks;
import dev.observability.errors.ErrorClassifierChain;
import dev.observability.errors.ErrorCounter;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * The same interceptors as the auto-configuration, for servers and channels built by
 * hand, without Spring gRPC: <pre class="code">
 * GrpcObservability observability = GrpcObservability.builder(meterRegistry).tracing(tracer, propagator).build();
 * Server server = observability.instrumentServer(NettyServerBuilder.forPort(0).addService(service)).build();
 * ManagedChannel channel = observability.instrumentChannel(ManagedChannelBuilder.forTarget(target)).build();
 * </pre>
 */
public final class GrpcObservability {

	private final GrpcServerObservabilityInterceptor serverInterceptor;

	private final GrpcServerStreamTracerFactory serverStreamTracerFactory;

	private final GrpcClientObservabilityInterceptor clientInterceptor;

	private GrpcObservability(Builder builder) {
		GrpcCallMetrics serverMetrics = GrpcCallMetrics.server(builder.registry, builder.buckets);
		ErrorClassifierChain classifier = (builder.classifier != null) ? builder.classifier
				: ErrorClassifierChain.standard();
		ErrorCounter counter = (builder.errorCounter != null) ? builder.errorCounter
				: new ErrorCounter(builder.registry, classifier, 100);
		List<GrpcExceptionListener> listeners = List.of(new ErrorCountingGrpcExceptionListener(counter));
		this.serverInterceptor = new GrpcServerObservabilityInterceptor(serverMetrics, builder.serverTracing,
				new GrpcServerErrors(classifier, listeners));
		this.serverStreamTracerFactory = new GrpcServerStreamTracerFactory(serverMetrics);
		this.clientInterceptor = new GrpcClientObservabilityInterceptor(
				GrpcCallMetrics.client(builder.registry, builder.buckets), builder.clientTracing, listeners);
	}

	/**
	 * Starts building.
	 * @param registry where the meters are registered
	 * @return the builder
	 */
	public static Builder builder(MeterRegistry registry) {
		return new Builder(registry);
	}

	/**
	 * Adds the stream tracer factory and the server interceptor to a server builder. Add
	 * it last: interceptors added through {@link ServerBuilder#intercept} later would run
	 * outside it.
	 * @param <T> the type of the builder
	 * @param builder the server builder
	 * @return the same builder
	 */
	public <T extends ServerBuilder<T>> T instrumentServer(T builder) {
		builder.addStreamTracerFactory(this.serverStreamTracerFactory);
		builder.intercept(this.serverInterceptor);
		return builder;
	}

	/**
	 * Adds the client interceptor to a channel builder. Add it last, so that it runs
	 * first.
	 * @param <T> the type of the builder
	 * @param builder the channel builder
	 * @return the same builder
	 */
	public <T extends ManagedChannelBuilder<T>> T instrumentChannel(T builder) {
		builder.intercept(this.clientInterceptor);
		return builder;
	}

	/**
	 * The server interceptor; it measures final statuses only together with
	 * {@link #serverStreamTracerFactory()}.
	 */
	public ServerInterceptor serverInterceptor() {
		return this.serverInterceptor;
	}

	/**
	 * The stream tracer factory that finishes server calls with the status the client
	 * received.
	 */
	public ServerStreamTracer.Factory serverStreamTracerFactory() {
		return this.serverStreamTracerFactory;
	}

	/** The client interceptor. */
	public ClientInterceptor clientInterceptor() {
		return this.clientInterceptor;
	}

	/**
	 * Builds a {@link GrpcObservability}.
	 */
	public static final class Builder {

		private final MeterRegistry registry;

		private List<Duration> buckets = new GrpcObservabilityProperties().getBuckets();

		private GrpcServerTracing serverTracing = GrpcServerTracing.NONE;

		private GrpcClientTracing clientTracing = GrpcClientTracing.NONE;

		private @Nullable ErrorClassifierChain classifier;

		private @Nullable ErrorCounter errorCounter;

		private Builder(MeterRegistry registry) {
			this.registry = registry;
		}

		/**
		 * Sets the latency histogram buckets.
		 * @param buckets upper bounds of the buckets
		 * @return this builder
		 */
		public Builder buckets(List<Duration> buckets) {
			this.buckets = PropertyChecks.buckets("buckets", List.copyOf(buckets));
			return this;
		}

		/**
		 * Traces calls with Micrometer Tracing.
		 * @param tracer the tracer
		 * @param propagator reads and writes the trace context in metadata
		 * @return this builder
		 */
		public Builder tracing(Tracer tracer, Propagator propagator) {
			return tracing(new TracerGrpcServerTracing(tracer, propagator),
					new TracerGrpcClientTracing(tracer, propagator));
		}

		/**
		 * Traces calls with the given tracing.
		 * @param serverTracing server spans
		 * @param clientTracing client spans
		 * @return this builder
		 */
		public Builder tracing(GrpcServerTracing serverTracing, GrpcClientTracing clientTracing) {
			this.serverTracing = serverTracing;
			this.clientTracing = clientTracing;
			return this;
		}

		/**
		 * Classifies exceptions with the given chain instead of the built-in rules alone.
		 * @param classifier the classifier chain
		 * @return this builder
		 */
		public Builder classifier(ErrorClassifierChain classifier) {
			this.classifier = classifier;
			return this;
		}

		/**
		 * Counts exceptions with the given counter (the application's
		 * {@code ErrorCounter} bean, so that there is one {@code errors_total}).
		 * @param errorCounter the counter
		 * @return this builder
		 */
		public Builder errorCounter(ErrorCounter errorCounter) {
			this.errorCounter = errorCounter;
			return this;
		}

		/** Builds the interceptors. */
		public GrpcObservability build() {
			return new GrpcObservability(this);
		}

	}

}
