package dev.observability.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.benchmarks.BenchmarkTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The cost one request pays for being measured at the first servlet filter: the starter's
 * {@link HttpObservabilityFilter} next to Spring's {@link ServerHttpObservationFilter}
 * wired the way Spring Boot wires it, both around an empty filter chain, so that what is
 * measured is the filter and nothing else.
 * <p>
 * Tracing is the OpenTelemetry SDK behind Micrometer Tracing's bridge, assembled as
 * Boot's {@code OpenTelemetryTracingAutoConfiguration} does it: {@link OtelTracer} with
 * {@link OtelCurrentTraceContext}, the SLF4J MDC event listeners on the context storage,
 * W3C trace context and baggage propagation, and a {@link BatchSpanProcessor} in front of
 * an exporter that drops everything. "Unsampled" uses {@link Sampler#alwaysOff()},
 * "sampled" {@link Sampler#alwaysOn()}.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HttpFilterBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class HttpFilterBenchmark {

	static final String ROUTE = "/api/users/{id}";

	private final FilterChain emptyChain = (request, response) -> {
	};

	/**
	 * What the dispatcher does for Spring's filter: tell the observation the matched
	 * pattern.
	 */
	private final FilterChain patternReportingChain = (request, response) -> ServerHttpObservationFilter
		.findObservationContext((jakarta.servlet.http.HttpServletRequest) request)
		.ifPresent((context) -> context.setPathPattern(ROUTE));

	/**
	 * A request the dispatcher has matched: the pattern attribute is set, as
	 * HandlerMapping does.
	 */
	private MockHttpServletRequest request;

	/**
	 * Spring's filter stores its observation on the request, so it gets one that is
	 * cleared after each call.
	 */
	private MockHttpServletRequest springRequest;

	private MockHttpServletResponse response;

	private BenchmarkTracing unsampled;

	private BenchmarkTracing sampled;

	private Filter starterNoTracing;

	private Filter starterUnsampled;

	private Filter starterSampled;

	private Filter starterUnsampledViaMicrometer;

	private Filter starterSampledViaMicrometer;

	private Filter springNoTracing;

	private Filter springUnsampled;

	private Filter springSampled;

	@Setup(Level.Trial)
	public void setUp() {
		this.request = new MockHttpServletRequest("GET", "/api/users/42");
		this.request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
		this.springRequest = new MockHttpServletRequest("GET", "/api/users/42");
		this.response = new MockHttpServletResponse();
		this.response.setStatus(200);
		this.unsampled = new BenchmarkTracing(Sampler.alwaysOff());
		this.sampled = new BenchmarkTracing(Sampler.alwaysOn());
		this.starterNoTracing = starterFilter(HttpServerTracing.NONE);
		this.starterUnsampled = starterFilter(otelServerTracing(this.unsampled));
		this.starterSampled = starterFilter(otelServerTracing(this.sampled));
		this.starterUnsampledViaMicrometer = starterFilter(
				new TracerHttpServerTracing(this.unsampled.tracer, this.unsampled.propagator));
		this.starterSampledViaMicrometer = starterFilter(
				new TracerHttpServerTracing(this.sampled.tracer, this.sampled.propagator));
		this.springNoTracing = springFilter(null);
		this.springUnsampled = springFilter(this.unsampled);
		this.springSampled = springFilter(this.sampled);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.unsampled.close();
		this.sampled.close();
	}

	/**
	 * The same wiring as HttpObservabilityAutoConfiguration with its default properties.
	 */
	private static Filter starterFilter(HttpServerTracing tracing) {
		HttpObservabilityProperties properties = new HttpObservabilityProperties();
		MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		return new HttpObservabilityFilter(new HttpRequestMetrics(registry, properties.getBuckets()),
				new RouteResolver(null, properties.getMaxRoutes()), tracing,
				new AccessLogWriter(AccessLogMode.ERRORS_AND_SLOW, properties.getAccessLog().getSlowThreshold()),
				List.of());
	}

	/** Spring's observation filter with the handlers Boot registers. */
	private static Filter springFilter(BenchmarkTracing tracing) {
		return new ServerHttpObservationFilter(BenchmarkTracing.bootObservations(tracing));
	}

	@Benchmark
	public void baseline() throws IOException, ServletException {
		this.emptyChain.doFilter(this.request, this.response);
	}

	@Benchmark
	public void starterNoTracing() throws IOException, ServletException {
		this.starterNoTracing.doFilter(this.request, this.response, this.emptyChain);
	}

	@Benchmark
	public void starterUnsampled() throws IOException, ServletException {
		this.starterUnsampled.doFilter(this.request, this.response, this.emptyChain);
	}

	@Benchmark
	public void starterSampled() throws IOException, ServletException {
		this.starterSampled.doFilter(this.request, this.response, this.emptyChain);
	}

	/**
	 * The generic path through Micrometer's Tracer, used when the tracer is not the OTel
	 * bridge.
	 */
	@Benchmark
	public void starterUnsampledViaMicrometer() throws IOException, ServletException {
		this.starterUnsampledViaMicrometer.doFilter(this.request, this.response, this.emptyChain);
	}

	@Benchmark
	public void starterSampledViaMicrometer() throws IOException, ServletException {
		this.starterSampledViaMicrometer.doFilter(this.request, this.response, this.emptyChain);
	}

	@Benchmark
	public void springNoTracing() throws IOException, ServletException {
		spring(this.springNoTracing);
	}

	@Benchmark
	public void springUnsampled() throws IOException, ServletException {
		spring(this.springUnsampled);
	}

	@Benchmark
	public void springSampled() throws IOException, ServletException {
		spring(this.springSampled);
	}

	private void spring(Filter filter) throws IOException, ServletException {
		filter.doFilter(this.springRequest, this.response, this.patternReportingChain);
		// The container starts every request with no attributes; HashMap.clear()
		// allocates nothing.
		this.springRequest.clearAttributes();
	}

	/** One OpenTelemetry SDK behind Micrometer BenchmarkTracing, as Boot assembles it. */

	/** What the auto-configuration installs on the OpenTelemetry bridge. */
	static OtelHttpServerTracing otelServerTracing(BenchmarkTracing tracing) {
		return new OtelHttpServerTracing(tracing.provider.get("org.springframework.boot"), tracing.propagators);
	}

}
