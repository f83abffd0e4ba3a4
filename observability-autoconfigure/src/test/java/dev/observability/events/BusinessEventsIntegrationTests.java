package dev.observability.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.observability.events.testapp.EventsTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real application with OpenTelemetry tracing and ECS console logging: an allowed event
 * becomes a counter increment, one JSON log line with the recording thread's trace id,
 * and an event with redacted attributes on the span that was current.
 */
@ExtendWith(OutputCaptureExtension.class)
class BusinessEventsIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(EventsTestApplication.class)
			.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
					"logging.structured.format.console=ecs", "management.tracing.sampling.probability=1.0",
					"observability.naming.namespace=shop",
					"observability.events.allowed=checkout_submit,payment_success")
			.run();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@BeforeEach
	void reset() {
		EventsTestApplication.SPANS.reset();
	}

	@Test
	@SuppressWarnings("try")
	void allowedEventIsCountedLoggedWithTheTraceIdAndAddedToTheCurrentSpan(CapturedOutput output) {
		Tracer tracer = context.getBean(Tracer.class);
		BusinessEvents events = context.getBean(BusinessEvents.class);
		Span span = tracer.nextSpan().name("checkout").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			events.record("checkout_submit", Map.of("cart_size", "3", "customer_email", "jane@shop.example"));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !eventLines(output).isEmpty());
		span.end();

		JsonNode line = eventLines(output).get(0);
		assertThat(line.get("traceId").asString()).isEqualTo(span.context().traceId());
		assertThat(line.get("spanId").asString()).isEqualTo(span.context().spanId());
		assertThat(line.get("event").asString()).isEqualTo("checkout_submit");
		assertThat(line.get("cart_size").asString()).isEqualTo("3");
		assertThat(line.get("customer_email").asString()).isEqualTo("REDACTED");
		assertThat(line.get("message").asString()).contains("checkout_submit").doesNotContain("jane@");

		SpanData exported = exportedSpan("checkout");
		assertThat(exported.getEvents()).extracting(EventData::getName).containsExactly("checkout_submit");
		EventData event = exported.getEvents().get(0);
		assertThat(event.getAttributes().get(AttributeKey.stringKey("cart_size"))).isEqualTo("3");
		assertThat(event.getAttributes().get(AttributeKey.stringKey("customer_email"))).isEqualTo("REDACTED");

		assertThat(context.getBean(MeterRegistry.class)
			.get("shop.business.events")
			.tag("event", "checkout_submit")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	@SuppressWarnings("try")
	void addingToASpanThatHasEndedIsANoOp() {
		Tracer tracer = context.getBean(Tracer.class);
		EventSpans spans = context.getBean(EventSpans.class);
		Span span = tracer.nextSpan().name("finished").start();
		EventSpans.CapturedSpan captured;
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			captured = spans.capture();
		}
		span.end();
		captured.addEvent("payment_success", new String[] { "order_id", "7" }, System.currentTimeMillis());
		assertThat(exportedSpan("finished").getEvents()).isEmpty();
	}

	@Test
	void withoutACurrentSpanTheEventIsStillLoggedAndCounted(CapturedOutput output) {
		context.getBean(BusinessEvents.class).record("payment_success");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> eventLines(output).stream()
				.anyMatch((line) -> line.get("event").asString().equals("payment_success")));
	}

	private static SpanData exportedSpan(String name) {
		return EventsTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static List<JsonNode> eventLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map((line) -> json.readTree(line))
			.filter((line) -> line.has("log")
					&& "observability.events".equals(line.get("log").get("logger").asString()))
			.toList();
	}

}
