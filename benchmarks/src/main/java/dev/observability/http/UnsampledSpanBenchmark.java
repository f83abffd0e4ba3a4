package dev.observability.http;

import java.io.IOException;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

import dev.observability.benchmarks.BenchmarkTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Where the cost of an unsampled server span goes, layer by layer, so that the filter's
 * own share can be told from the tracing library's: the OpenTelemetry SDK alone, the same
 * through Micrometer Tracing's bridge, and the starter's {@link TracerHttpServerTracing}
 * as the filter calls it. All with {@link Sampler#alwaysOff()} and Boot's MDC scope
 * listeners, as in {@link HttpFilterBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(org.openjdk.jmh.annotations.Scope.Thread)
@SuppressWarnings("try") // scopes are held only for their extent
public class UnsampledSpanBenchmark {

	private static final TextMapGetter<MockHttpServletRequest> HEADERS = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(MockHttpServletRequest carrier) {
			return java.util.Collections.list(carrier.getHeaderNames());
		}

		@Override
		public String get(MockHttpServletRequest carrier, String key) {
			return (carrier != null) ? carrier.getHeader(key) : null;
		}

	};

	/** How the servlet filter reads the request's headers for the span. */
	private static final RequestHeaders<MockHttpServletRequest> SERVLET_HEADERS = new RequestHeaders<>() {

		@Override
		public String get(MockHttpServletRequest request, String name) {
			return request.getHeader(name);
		}

		@Override
		public Iterable<String> names(MockHttpServletRequest request) {
			return Collections.list(request.getHeaderNames());
		}

	};

	private MockHttpServletRequest request;

	private BenchmarkTracing tracing;

	private io.opentelemetry.api.trace.Tracer otelTracer;

	private HttpServerTracing.SpanStarter<HttpServletRequest> starterTracing;

	@Setup(Level.Trial)
	public void setUp() {
		this.request = new MockHttpServletRequest("GET", "/api/users/42");
		this.tracing = new BenchmarkTracing(Sampler.alwaysOff());
		this.otelTracer = this.tracing.provider.get("org.springframework.boot");
		this.starterTracing = new TracerHttpServerTracing(this.tracing.tracer, this.tracing.propagator)
			.starter(HttpObservabilityFilter.HEADERS);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracing.close();
	}

	/** The floor: OpenTelemetry's own span builder, no scope. */
	@Benchmark
	public void otelStartEnd() {
		io.opentelemetry.api.trace.Span span = this.otelTracer.spanBuilder("http")
			.setSpanKind(SpanKind.SERVER)
			.startSpan();
		span.end();
	}

	/**
	 * OpenTelemetry span made current and closed again (with Boot's MDC listeners on the
	 * storage).
	 */
	@Benchmark
	public void otelStartScopeEnd() {
		io.opentelemetry.api.trace.Span span = this.otelTracer.spanBuilder("http")
			.setSpanKind(SpanKind.SERVER)
			.startSpan();
		try (Scope scope = span.makeCurrent()) {
			// the request would run here
		}
		span.end();
	}

	/**
	 * What an OpenTelemetry-native server tracing would do: extract with OpenTelemetry's
	 * own propagators, start a child of the extracted context, make it current.
	 */
	@Benchmark
	public void otelExtractStartScopeEnd() {
		Context extracted = this.tracing.propagators.getTextMapPropagator()
			.extract(Context.current(), this.request, HEADERS);
		io.opentelemetry.api.trace.Span span = this.otelTracer.spanBuilder("http")
			.setParent(extracted)
			.setSpanKind(SpanKind.SERVER)
			.startSpan();
		try (Scope scope = extracted.with(span).makeCurrent()) {
			// the request would run here
		}
		span.end();
	}

	/**
	 * Micrometer's span builder without the propagator:
	 * tracer.spanBuilder().kind(SERVER).
	 */
	@Benchmark
	public void bridgeBuilderScopeEnd() {
		Tracer tracer = this.tracing.tracer;
		Span span = tracer.spanBuilder().kind(Span.Kind.SERVER).name("http").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			// the request would run here
		}
		span.end();
	}

	/** Micrometer's tracer.nextSpan(): the bridge's lightest way to a new span. */
	@Benchmark
	public void bridgeNextSpanScopeEnd() {
		Tracer tracer = this.tracing.tracer;
		Span span = tracer.nextSpan().name("http").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			// the request would run here
		}
		span.end();
	}

	/**
	 * What TracerHttpServerTracing does: extract through the propagator, then a span in
	 * scope.
	 */
	@Benchmark
	public void bridgeExtractScopeEnd() {
		Tracer tracer = this.tracing.tracer;
		Span span = this.tracing.propagator.extract(this.request, MockHttpServletRequest::getHeader)
			.kind(Span.Kind.SERVER)
			.name("http")
			.start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			// the request would run here
		}
		span.end();
	}

	/** The starter's tracing as the filter drives it. */
	@Benchmark
	public void starterServerSpan() throws IOException, ServletException {
		HttpServerTracing.ServerSpan span = this.starterTracing.start(this.request);
		span.end("GET", HttpFilterBenchmark.ROUTE, 200, null);
		span.closeScope();
	}

}
