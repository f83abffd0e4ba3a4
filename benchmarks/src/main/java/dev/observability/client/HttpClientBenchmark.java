package dev.observability.client;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import dev.observability.benchmarks.BenchmarkTracing;
import dev.observability.core.LatencyBuckets;
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

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * The cost one {@code RestClient} call pays for being measured: the starter's
 * {@link HttpClientObservation} next to Spring's client observation with the handlers
 * Boot registers (what {@code ObservationRestClientCustomizer} turns on), and next to the
 * same client with neither.
 * <p>
 * Every benchmark makes one {@code GET /api/users/{id}} through {@code RestClient} by URI
 * template, answered by a stub request factory (an empty 200, no network I/O), so what
 * the instrumentation adds is the difference to {@link #baseline()};
 * {@link #emptyInterceptor()} shows what Spring's interceptor chain costs whatever the
 * interceptor does, the cost of the starter's first design (see docs/design.md). Both
 * record into a Prometheus registry. BenchmarkTracing as in {@code HttpFilterBenchmark}:
 * "unsampled" is the OpenTelemetry SDK behind Micrometer BenchmarkTracing with
 * {@link Sampler#alwaysOff()}.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HttpClientBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class HttpClientBenchmark {

	private BenchmarkTracing tracing;

	private RestClient baseline;

	private RestClient emptyInterceptor;

	private RestClient starterNoTracing;

	private RestClient starterUnsampled;

	private RestClient bootNoTracing;

	private RestClient bootUnsampled;

	private int id;

	@Setup(Level.Trial)
	public void setUp() {
		this.tracing = new BenchmarkTracing(Sampler.alwaysOff());
		this.baseline = client().build();
		this.emptyInterceptor = client()
			.requestInterceptor((request, body, execution) -> execution.execute(request, body))
			.build();
		this.starterNoTracing = starter(HttpClientTracing.NONE);
		this.starterUnsampled = starter(new TracerHttpClientTracing(this.tracing.tracer, this.tracing.propagator));
		this.bootNoTracing = boot(BenchmarkTracing.bootObservations(null));
		this.bootUnsampled = boot(BenchmarkTracing.bootObservations(this.tracing));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracing.close();
	}

	private static RestClient.Builder client() {
		return RestClient.builder().baseUrl("http://inventory:8080").requestFactory(new StubRequestFactory());
	}

	private static RestClient starter(HttpClientTracing tracing) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		RestClient.Builder builder = client();
		new HttpClientObservation(new HttpClientCallRecorder(new HttpClientMetrics(registry, LatencyBuckets.defaults()),
				HttpClientLabels.counted(registry, 100, 50), tracing, java.util.List.of()), true)
			.applyTo(builder);
		return builder.build();
	}

	private static RestClient boot(ObservationRegistry observations) {
		return client().observationRegistry(observations)
			.observationConvention(new DefaultClientRequestObservationConvention())
			.build();
	}

	private int nextId() {
		this.id = (this.id + 1) & 1023;
		return this.id;
	}

	@Benchmark
	public Object baseline() {
		return this.baseline.get().uri("/api/users/{id}", nextId()).retrieve().toBodilessEntity();
	}

	/**
	 * What any interceptor costs: Spring wraps the request to run the interceptor chain.
	 */
	@Benchmark
	public Object emptyInterceptor() {
		return this.emptyInterceptor.get().uri("/api/users/{id}", nextId()).retrieve().toBodilessEntity();
	}

	@Benchmark
	public Object starterNoTracing() {
		return this.starterNoTracing.get().uri("/api/users/{id}", nextId()).retrieve().toBodilessEntity();
	}

	@Benchmark
	public Object starterUnsampledSpan() {
		return this.starterUnsampled.get().uri("/api/users/{id}", nextId()).retrieve().toBodilessEntity();
	}

	@Benchmark
	public Object bootNoTracing() {
		return this.bootNoTracing.get().uri("/api/users/{id}", nextId()).retrieve().toBodilessEntity();
	}

	@Benchmark
	public Object bootUnsampledSpan() {
		return this.bootUnsampled.get().uri("/api/users/{id}", nextId()).retrieve().toBodilessEntity();
	}

	/** Answers every request with an empty 200 without any network I/O. */
	static final class StubRequestFactory implements ClientHttpRequestFactory {

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
			MockClientHttpRequest request = new MockClientHttpRequest(httpMethod, uri);
			request.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.OK));
			return request;
		}

	}

}
