package dev.observability.sample.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One order is one trace, although its work hops threads: the handler moves to a
 * boundedElastic worker and calls the shop's own inventory API through Boot's WebClient
 * from there. The order's server span, the WebClient's client span and the inventory
 * request's server span share the trace id, each the parent of the next, and every log
 * line of the order carries that trace id, whatever thread wrote it.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderTraceTests {

	private static final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private static ReactiveShop shop;

	@BeforeAll
	static void start() {
		shop = ReactiveShop.start(
				(context) -> context.getBeanFactory()
					.registerSingleton("inMemorySpanProcessor", SimpleSpanProcessor.create(spans)),
				"management.tracing.sampling.probability=1.0");
	}

	@AfterAll
	static void stop() {
		if (shop != null) {
			shop.close();
		}
	}

	@BeforeEach
	void reset() {
		spans.reset();
	}

	@Test
	void orderServerSpanWebClientSpanAndInventoryServerSpanAreOneTrace() {
		shop.order("kettle", 1).expectStatus().isCreated();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> serverSpan("/api/inventory") != null && serverSpan("/api/orders") != null
					&& clientSpans().size() == 1);
		SpanData order = serverSpan("/api/orders");
		SpanData client = clientSpans().get(0);
		SpanData inventory = serverSpan("/api/inventory");
		assertThat(client.getTraceId()).isEqualTo(order.getTraceId());
		assertThat(inventory.getTraceId()).isEqualTo(order.getTraceId());
		assertThat(inventory.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(isDescendant(client, order)).as("client span under the order's server span").isTrue();
		assertThat(spans.getFinishedSpanItems())
			.allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(order.getTraceId()));
	}

	@Test
	void everyLogLineOfTheOrderCarriesItsTraceIdOnEveryThread(CapturedOutput output) {
		shop.order("teapot", 2).expectStatus().isCreated();
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpan("/api/orders") != null);
		String traceId = serverSpan("/api/orders").getTraceId();
		assertThat(ReactiveShop.traceIdOfLogLine(output.getOut(), "Order received for 2 x teapot")).isEqualTo(traceId);
		assertThat(ReactiveShop.logLine(output.getOut(), "Price quoted for 2 x teapot"))
			.contains("cents on boundedElastic-");
		assertThat(ReactiveShop.traceIdOfLogLine(output.getOut(), "Price quoted for 2 x teapot")).isEqualTo(traceId);
		assertThat(ReactiveShop.traceIdOfLogLine(output.getOut(), "Stock of teapot")).isEqualTo(traceId);
		assertThat(ReactiveShop.traceIdOfLogLine(output.getOut(), "Inventory answered: 1000 x teapot"))
			.isEqualTo(traceId);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Placed order") && line.contains("teapot")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("[" + traceId + "-"));
	}

	private static SpanData serverSpan(String path) {
		return spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER
					&& span.getName().toLowerCase(Locale.ROOT).contains(path))
			.findFirst()
			.orElse(null);
	}

	private static List<SpanData> clientSpans() {
		return spans.getFinishedSpanItems().stream().filter((span) -> span.getKind() == SpanKind.CLIENT).toList();
	}

	private static boolean isDescendant(SpanData span, SpanData ancestor) {
		String parent = span.getParentSpanId();
		for (int depth = 0; depth < 20; depth++) {
			if (parent.equals(ancestor.getSpanId())) {
				return true;
			}
			String current = parent;
			SpanData next = spans.getFinishedSpanItems()
				.stream()
				.filter((candidate) -> candidate.getSpanId().equals(current))
				.findFirst()
				.orElse(null);
			if (next == null) {
				return false;
			}
			parent = next.getParentSpanId();
		}
		return false;
	}

}
