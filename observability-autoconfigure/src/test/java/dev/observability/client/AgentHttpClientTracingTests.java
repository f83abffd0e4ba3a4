package dev.observability.client;

import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the OpenTelemetry agent tracing the HTTP client libraries, the starter starts no
 * client span but still hands the caller's context to the downstream service.
 */
class AgentHttpClientTracingTests {

	private final InMemorySpanExporter finished = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.finished))
		.build();

	private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();

	private final OtelTracer tracer = new OtelTracer(this.provider.get("test"), this.current, (event) -> {
	}, new OtelBaggageManager(this.current, List.of(), List.of()));

	private final AgentHttpClientTracing tracing = new AgentHttpClientTracing(this.tracer, new OtelPropagator(
			ContextPropagators.create(W3CTraceContextPropagator.getInstance()), this.provider.get("test")));

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	@SuppressWarnings("try")
	void theCallersContextGoesOutAndNoClientSpanIsStarted() {
		Span caller = this.tracer.nextSpan().name("caller").start();
		HttpHeaders headers = new HttpHeaders();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			HttpClientTracing.ClientSpan span = this.tracing.start("GET", "inventory");
			span.inject(headers);
			span.end("/api/stock/{sku}", 503, null);
		}
		finally {
			caller.end();
		}
		// The flags byte is the SDK's business (newer SDKs add the random-trace-id flag).
		assertThat(headers.getFirst("traceparent"))
			.startsWith("00-" + caller.context().traceId() + "-" + caller.context().spanId() + "-");
		assertThat(this.finished.getFinishedSpanItems()).extracting((span) -> span.getName()).containsExactly("caller");
	}

	@Test
	void withoutACallerNothingIsWritten() {
		HttpHeaders headers = new HttpHeaders();
		this.tracing.start("GET", "inventory").inject(headers);
		assertThat(headers.isEmpty()).isTrue();
		assertThat(this.finished.getFinishedSpanItems()).isEmpty();
	}

}
