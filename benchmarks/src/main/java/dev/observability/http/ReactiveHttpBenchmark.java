package dev.observability.http;

import dev.observability.benchmarks.BenchmarkTracing;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.context.OtelContextAccessor;
import dev.observability.context.SpanAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.MeterRegistry;
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
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import org.springframework.web.server.handler.FilteringWebHandler;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The cost one WebFlux exchange pays for being measured, without a network: Spring's
 * {@link HttpWebHandlerAdapter} with the observation registry Boot configures (the meter
 * handler, and with tracing the tracing handlers, see
 * {@link BenchmarkTracing#bootObservations}) and Micrometer's
 * {@link DefaultServerRequestObservationConvention}; the starter's
 * {@link HttpObservabilityWebFilter} wired as its auto-configuration wires it (decorating
 * the {@code HttpHandler} and first in the filter chain, Boot's observation replaced by
 * {@link ObservationRegistry#NOOP}, Reactor's automatic context propagation on, the span
 * and exchange accessors registered); and the adapter without a registry (bare WebFlux).
 * All around a handler that does what the handler mapping and an empty controller do:
 * record the matched pattern and answer 200.
 * <p>
 * Every call is one exchange from a fresh {@link MockServerHttpResponse} (a response
 * completes once) to the completed {@code Mono<Void>}, so the bare figure includes what
 * WebFlux itself costs per exchange here. Tracing is {@link BenchmarkTracing}: the
 * OpenTelemetry SDK behind Micrometer Tracing's bridge as Boot assembles it; "unsampled"
 * samples nothing, "sampled" everything. Reactor's hook is global: it is switched on only
 * in the state of the benchmarks that use it ({@link AutomaticPropagation}), so keep one
 * fork per benchmark (never {@code -f 0}).
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ReactiveHttpBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class ReactiveHttpBenchmark {

	static final String ROUTE = "/api/users/{id}";

	private static final PathPattern PATTERN = PathPatternParser.defaultInstance.parse(ROUTE);

	/**
	 * What the handler mapping and an empty controller do: the matched pattern as an
	 * exchange attribute and on the observation context (as
	 * RequestMappingInfoHandlerMapping does), then 200.
	 */
	private static final WebHandler HANDLER = (exchange) -> {
		exchange.getAttributes().put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, PATTERN);
		ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.ifPresent((context) -> context.setPathPattern(ROUTE));
		exchange.getResponse().setStatusCode(HttpStatus.OK);
		return Mono.empty();
	};

	private final MockServerHttpRequest request = MockServerHttpRequest.get("/api/users/42").build();

	private BenchmarkTracing unsampled;

	private BenchmarkTracing sampled;

	private HttpHandler bare;

	private HttpHandler bootNoTracing;

	private HttpHandler bootUnsampled;

	private HttpHandler bootSampled;

	@Setup(Level.Trial)
	public void setUp() {
		this.unsampled = new BenchmarkTracing(Sampler.alwaysOff());
		this.sampled = new BenchmarkTracing(Sampler.alwaysOn());
		this.bare = new HttpWebHandlerAdapter(HANDLER);
		this.bootNoTracing = boot(BenchmarkTracing.bootObservations(null));
		this.bootUnsampled = boot(BenchmarkTracing.bootObservations(this.unsampled));
		this.bootSampled = boot(BenchmarkTracing.bootObservations(this.sampled));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.unsampled.close();
		this.sampled.close();
	}

	/**
	 * The adapter as WebHttpHandlerBuilder builds it in a Boot application with
	 * observations.
	 */
	private static HttpHandler boot(ObservationRegistry observations) {
		HttpWebHandlerAdapter adapter = new HttpWebHandlerAdapter(HANDLER);
		adapter.setObservationRegistry(observations);
		adapter.setObservationConvention(new DefaultServerRequestObservationConvention("http.server.requests"));
		return adapter;
	}

	@Benchmark
	public MockServerHttpResponse bare() {
		return exchange(this.bare);
	}

	@Benchmark
	public MockServerHttpResponse bootNoTracing() {
		return exchange(this.bootNoTracing);
	}

	@Benchmark
	public MockServerHttpResponse bootUnsampled() {
		return exchange(this.bootUnsampled);
	}

	@Benchmark
	public MockServerHttpResponse bootSampled() {
		return exchange(this.bootSampled);
	}

	/**
	 * Bare WebFlux with what the starter switches on around it but is not its
	 * measurement: Reactor's automatic context propagation and the accessors it
	 * registers.
	 */
	@Benchmark
	public MockServerHttpResponse bareWithAutomaticPropagation(AutomaticPropagation propagation) {
		return exchange(this.bare);
	}

	@Benchmark
	public MockServerHttpResponse starterNoTracing(Starter starter) {
		return exchange(starter.noTracing);
	}

	@Benchmark
	public MockServerHttpResponse starterUnsampled(Starter starter) {
		return exchange(starter.unsampled);
	}

	@Benchmark
	public MockServerHttpResponse starterSampled(Starter starter) {
		return exchange(starter.sampled);
	}

	private MockServerHttpResponse exchange(HttpHandler handler) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		handler.handle(this.request, response).block();
		return response;
	}

	/**
	 * spring.reactor.context-propagation=auto, which the starter sets, and the accessors
	 * it registers: the exchange's measurement and, on the OpenTelemetry bridge, the
	 * context.
	 */
	@State(Scope.Benchmark)
	public static class AutomaticPropagation {

		@Setup(Level.Trial)
		public void setUp() {
			Hooks.enableAutomaticContextPropagation();
			HttpObservabilityWebFilter.registerContextAccessor();
			ContextRegistry.getInstance().registerThreadLocalAccessor(new OtelContextAccessor());
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			Hooks.disableAutomaticContextPropagation();
		}

	}

	/**
	 * The starter's reactive measurement as HttpObservabilityAutoConfiguration and
	 * ContextPropagationAutoConfiguration set it up with their default properties, with
	 * {@link AutomaticPropagation}.
	 */
	@State(Scope.Thread)
	public static class Starter {

		HttpHandler noTracing;

		HttpHandler unsampled;

		HttpHandler sampled;

		@Setup(Level.Trial)
		public void setUp(ReactiveHttpBenchmark benchmark, AutomaticPropagation propagation) {
			this.noTracing = starter(HttpServerTracing.NONE);
			this.unsampled = starter(HttpFilterBenchmark.otelServerTracing(benchmark.unsampled));
			this.sampled = starter(HttpFilterBenchmark.otelServerTracing(benchmark.sampled));
		}

		/**
		 * WebHttpHandlerBuilder's result: the filter first in the chain, its decoration
		 * outside the adapter.
		 */
		private static HttpHandler starter(HttpServerTracing tracing) {
			HttpObservabilityProperties properties = new HttpObservabilityProperties();
			MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			HttpObservabilityWebFilter filter = new HttpObservabilityWebFilter(
					new HttpRequestMetrics(registry, properties.getBuckets()),
					new ReactiveRouteResolver(new RouteTemplateMatcher(() -> List.of(ROUTE)),
							properties.getMaxRoutes()),
					tracing, SpanAccessor.KEY,
					new AccessLogWriter(AccessLogMode.ERRORS_AND_SLOW, properties.getAccessLog().getSlowThreshold()),
					List.of());
			HttpWebHandlerAdapter adapter = new HttpWebHandlerAdapter(
					new FilteringWebHandler(HANDLER, List.of(filter)));
			adapter.setObservationRegistry(ObservationRegistry.NOOP);
			HttpHandler handler = filter.apply(adapter);
			// A benchmark of a measurement that records nothing would flatter it: check
			// once.
			handler.handle(MockServerHttpRequest.get("/api/users/7").build(), new MockServerHttpResponse()).block();
			if (registry.find("http.requests").tags("route", ROUTE, "code", "200").counter() == null) {
				throw new IllegalStateException("the starter's filter recorded no request: " + registry.getMeters());
			}
			return handler;
		}

	}

}
