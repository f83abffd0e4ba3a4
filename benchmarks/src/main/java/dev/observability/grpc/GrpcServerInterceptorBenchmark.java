package dev.observability.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.observability.benchmarks.BenchmarkTracing;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost one unary gRPC call pays for being measured on the server: the starter's
 * interceptor and stream tracer factory ({@link GrpcObservability#instrumentServer}) next
 * to Micrometer's {@link ObservationGrpcServerInterceptor}, which Spring gRPC installs by
 * default, and next to the same server with neither.
 * <p>
 * Every benchmark makes one blocking unary call of a trivial service (a 5-byte request
 * answered by a 5-byte response, byte arrays, no protobuf) over grpc-java's in-process
 * transport, with direct executors on both sides, so the whole call (client stub,
 * transport, server, service) runs on the benchmark thread and no network or thread
 * hand-off is measured. The client sends no trace context. What the instrumentation adds
 * is the difference to {@link #baseline()}.
 * <p>
 * BenchmarkTracing is the OpenTelemetry SDK behind Micrometer BenchmarkTracing as in
 * {@code HttpFilterBenchmark}: "unsampled" uses {@link Sampler#alwaysOff()}, "sampled"
 * {@link Sampler#alwaysOn()}. Micrometer's interceptor gets the handlers Boot registers
 * (tracing handlers first-matching, then the meter handler wrapped for exemplars; without
 * tracing the meter handler alone). Both record into a Prometheus registry.
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar GrpcServerInterceptorBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class GrpcServerInterceptorBenchmark {

	static final String SERVICE = "bench.Greeter";

	static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	static final MethodDescriptor<byte[], byte[]> HELLO = MethodDescriptor.<byte[], byte[]>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Hello"))
		.setRequestMarshaller(BYTES)
		.setResponseMarshaller(BYTES)
		.build();

	static final byte[] REQUEST = "world".getBytes(StandardCharsets.US_ASCII);

	static final byte[] RESPONSE = "hello".getBytes(StandardCharsets.US_ASCII);

	private BenchmarkTracing unsampled;

	private BenchmarkTracing sampled;

	private Endpoint plain;

	private Endpoint starterNoTracing;

	private Endpoint starterUnsampled;

	private Endpoint starterSampled;

	private Endpoint micrometerNoTracing;

	private Endpoint micrometerUnsampled;

	private Endpoint micrometerSampled;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.unsampled = new BenchmarkTracing(Sampler.alwaysOff());
		this.sampled = new BenchmarkTracing(Sampler.alwaysOn());
		this.plain = new Endpoint("plain", serverBuilder("plain"));
		this.starterNoTracing = starter("starterNoTracing", null);
		this.starterUnsampled = starter("starterUnsampled", this.unsampled);
		this.starterSampled = starter("starterSampled", this.sampled);
		this.micrometerNoTracing = micrometer("micrometerNoTracing", null);
		this.micrometerUnsampled = micrometer("micrometerUnsampled", this.unsampled);
		this.micrometerSampled = micrometer("micrometerSampled", this.sampled);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		for (Endpoint endpoint : new Endpoint[] { this.plain, this.starterNoTracing, this.starterUnsampled,
				this.starterSampled, this.micrometerNoTracing, this.micrometerUnsampled, this.micrometerSampled }) {
			endpoint.close();
		}
		this.unsampled.close();
		this.sampled.close();
	}

	private static InProcessServerBuilder serverBuilder(String name) {
		ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
			.addMethod(HELLO, ServerCalls.asyncUnaryCall((request, responses) -> {
				responses.onNext(RESPONSE);
				responses.onCompleted();
			}))
			.build();
		return InProcessServerBuilder.forName(name).directExecutor().addService(service);
	}

	/**
	 * What the starter's auto-configuration installs: interceptor plus stream tracer
	 * factory.
	 */
	private static Endpoint starter(String name, BenchmarkTracing tracing) throws IOException {
		GrpcObservability.Builder observability = GrpcObservability
			.builder(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
		if (tracing != null) {
			// as on Micrometer's OpenTelemetry bridge: server spans through the
			// OpenTelemetry API
			observability.tracing(
					new OtelGrpcServerTracing(tracing.provider.get("org.springframework.boot"), tracing.propagators),
					new TracerGrpcClientTracing(tracing.tracer, tracing.propagator));
		}
		return new Endpoint(name, observability.build().instrumentServer(serverBuilder(name)));
	}

	/**
	 * What Spring gRPC installs by default: Micrometer's observation interceptor, Boot's
	 * handlers.
	 */
	private static Endpoint micrometer(String name, BenchmarkTracing tracing) throws IOException {
		ObservationRegistry observations = BenchmarkTracing.bootObservations(tracing);
		return new Endpoint(name, serverBuilder(name).intercept(new ObservationGrpcServerInterceptor(observations)));
	}

	@Benchmark
	public byte[] baseline() {
		return this.plain.call();
	}

	@Benchmark
	public byte[] starterNoTracing() {
		return this.starterNoTracing.call();
	}

	@Benchmark
	public byte[] starterUnsampled() {
		return this.starterUnsampled.call();
	}

	@Benchmark
	public byte[] starterSampled() {
		return this.starterSampled.call();
	}

	@Benchmark
	public byte[] micrometerNoTracing() {
		return this.micrometerNoTracing.call();
	}

	@Benchmark
	public byte[] micrometerUnsampled() {
		return this.micrometerUnsampled.call();
	}

	@Benchmark
	public byte[] micrometerSampled() {
		return this.micrometerSampled.call();
	}

	/** An in-process server and a channel to it. */
	static final class Endpoint {

		private final Server server;

		private final ManagedChannel channel;

		Endpoint(String name, InProcessServerBuilder builder) throws IOException {
			this.server = builder.build().start();
			this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		}

		byte[] call() {
			return ClientCalls.blockingUnaryCall(this.channel, HELLO, CallOptions.DEFAULT, REQUEST);
		}

		void close() {
			this.channel.shutdownNow();
			this.server.shutdownNow();
		}

	}

}
