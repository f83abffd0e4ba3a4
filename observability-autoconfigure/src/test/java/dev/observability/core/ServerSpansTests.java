package dev.observability.core;

import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuing or starting a trace at the protocol entry, with W3C, single-header B3 (as
 * Boot configures it) and W3C baggage.
 */
class ServerSpansTests {

	private static final Propagator.Getter<HttpServletRequest> HEADERS = HttpServletRequest::getHeader;

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private final SdkTracerProvider provider = SdkTracerProvider.builder().build();

	private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();

	private final OtelTracer tracer = new OtelTracer(this.provider.get("test"), this.current, (event) -> {
	}, new OtelBaggageManager(this.current, List.of(), List.of()));

	private final ServerSpans spans = new ServerSpans(this.tracer,
			new OtelPropagator(
					ContextPropagators.create(TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
							B3Propagator.injectingSingleHeader(), W3CBaggagePropagator.getInstance())),
					this.provider.get("test")));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void aRequestWithoutContextStartsANewTrace() {
		Span span = start(new MockHttpServletRequest("GET", "/"));
		assertThat(span.context().traceId()).hasSize(32).isNotEqualTo(TRACE_ID);
		assertThat(span.context().parentId()).isNull();
	}

	@Test
	void aTraceparentIsContinued() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");
		assertContinued(start(request));
	}

	@Test
	void singleHeaderB3IsContinued() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("b3", TRACE_ID + "-" + PARENT_ID + "-1");
		assertContinued(start(request));
	}

	@Test
	void multiHeaderB3IsContinuedAlthoughThePropagatorListsOnlyTheSingleHeader() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-B3-TraceId", TRACE_ID);
		request.addHeader("X-B3-SpanId", PARENT_ID);
		request.addHeader("X-B3-Sampled", "1");
		assertContinued(start(request));
	}

	@Test
	void aMalformedHeaderStartsANewTrace() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("traceparent", "x".repeat(8192));
		request.addHeader("baggage", "%%%;;;==");
		Span span = start(request);
		assertThat(span.context().traceId()).hasSize(32);
		assertThat(span.context().parentId()).isNull();
	}

	private Span start(MockHttpServletRequest request) {
		Span span = this.spans.start(request, HEADERS, "http");
		span.end();
		return span;
	}

	private static void assertContinued(Span span) {
		assertThat(span.context().traceId()).isEqualTo(TRACE_ID);
		assertThat(span.context().parentId()).isEqualTo(PARENT_ID);
	}

}
