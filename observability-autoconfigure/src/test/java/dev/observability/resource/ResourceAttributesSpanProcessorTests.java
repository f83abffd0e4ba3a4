package dev.observability.resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The span processor on a bare OpenTelemetry SDK: what it puts on spans, what it leaves
 * alone, and what reaches Zipkin with it.
 */
class ResourceAttributesSpanProcessorTests {

	private static final ResourceAttributes ATTRIBUTES = ResourceAttributes
		.of(attributes("service.name", "shop", "service.version", "1.4.2", "vcs.ref.head.revision", "0123abcd",
				"k8s.pod.name", "shop-7d9f-abcde", "k8s.namespace.name", "retail", "k8s.node.name", "node-1"));

	@Test
	void everySpanCarriesTheResourceAttributesExceptServiceName() {
		InMemorySpanExporter spans = InMemorySpanExporter.create();
		SdkTracerProvider provider = provider(ResourceAttributesSpanProcessor.of(ATTRIBUTES, null), spans);

		provider.get("test").spanBuilder("work").startSpan().end();

		Attributes attributes = onlySpan(spans).getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("service.version"))).isEqualTo("1.4.2");
		assertThat(attributes.get(AttributeKey.stringKey("vcs.ref.head.revision"))).isEqualTo("0123abcd");
		assertThat(attributes.get(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("shop-7d9f-abcde");
		assertThat(attributes.get(AttributeKey.stringKey("k8s.namespace.name"))).isEqualTo("retail");
		assertThat(attributes.get(AttributeKey.stringKey("k8s.node.name"))).isEqualTo("node-1");
		assertThat(attributes.get(AttributeKey.stringKey("service.name"))).isNull();
	}

	@Test
	void attributesAreThereFromTheStartSoOtherProcessorsSeeThem() {
		List<String> seenAtStart = new ArrayList<>();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(ResourceAttributesSpanProcessor.of(ATTRIBUTES, null))
			.addSpanProcessor(new StartRecorder(seenAtStart))
			.build();

		provider.get("test").spanBuilder("work").startSpan().end();

		assertThat(seenAtStart).containsExactly("1.4.2");
	}

	@Test
	void anAttributeTheSpanAlreadyHasKeepsItsValue() {
		InMemorySpanExporter spans = InMemorySpanExporter.create();
		SdkTracerProvider provider = provider(ResourceAttributesSpanProcessor.of(ATTRIBUTES, null), spans);

		provider.get("test").spanBuilder("work").setAttribute("k8s.pod.name", "own").startSpan().end();

		assertThat(onlySpan(spans).getAttributes().get(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("own");
	}

	@Test
	void theConfiguredResourcesValueIsTheOneCopiedAsItIsTheOneOnTheSpansResource() {
		Resource configured = Resource.builder().put("service.version", "from-resource-bean").build();

		ResourceAttributesSpanProcessor processor = ResourceAttributesSpanProcessor.of(ATTRIBUTES, configured);

		assertThat(processor.getAttributes()).containsEntry("service.version", "from-resource-bean")
			.containsEntry("k8s.pod.name", "shop-7d9f-abcde")
			.doesNotContainKey("service.name");
	}

	@Test
	void zipkinShowsTheAttributesAsSpanTags() {
		List<byte[]> sent = new ArrayList<>();
		ZipkinSpanExporter zipkin = ZipkinSpanExporter.builder().setSender(new CapturingSender(sent)).build();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault().merge(Resource.builder().put("service.name", "shop").build()))
			.addSpanProcessor(ResourceAttributesSpanProcessor.of(ATTRIBUTES, null))
			.addSpanProcessor(SimpleSpanProcessor.create(zipkin))
			.build();

		provider.get("test").spanBuilder("work").startSpan().end();
		provider.forceFlush().join(10, TimeUnit.SECONDS);

		assertThat(sent).hasSize(1);
		JsonNode span = JsonMapper.builder().build().readTree(new String(sent.get(0), StandardCharsets.UTF_8));
		assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("shop");
		assertThat(span.path("tags").path("service.version").asString()).isEqualTo("1.4.2");
		assertThat(span.path("tags").path("vcs.ref.head.revision").asString()).isEqualTo("0123abcd");
		assertThat(span.path("tags").path("k8s.namespace.name").asString()).isEqualTo("retail");
		assertThat(span.path("tags").has("service.name")).isFalse();
	}

	@Test
	void withoutTheProcessorZipkinShowsOnlyTheServiceName() {
		List<byte[]> sent = new ArrayList<>();
		ZipkinSpanExporter zipkin = ZipkinSpanExporter.builder().setSender(new CapturingSender(sent)).build();
		Resource resource = Resource.builder().put("service.name", "shop").put("service.version", "1.4.2").build();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(resource)
			.addSpanProcessor(SimpleSpanProcessor.create(zipkin))
			.build();

		provider.get("test").spanBuilder("work").startSpan().end();
		provider.forceFlush().join(10, TimeUnit.SECONDS);

		JsonNode span = JsonMapper.builder().build().readTree(new String(sent.get(0), StandardCharsets.UTF_8));
		assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("shop");
		assertThat(span.path("tags").has("service.version")).isFalse();
	}

	private static SdkTracerProvider provider(SpanProcessor processor, SpanExporter exporter) {
		return SdkTracerProvider.builder()
			.addSpanProcessor(processor)
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
	}

	private static SpanData onlySpan(InMemorySpanExporter spans) {
		assertThat(spans.getFinishedSpanItems()).hasSize(1);
		return spans.getFinishedSpanItems().get(0);
	}

	private static Map<String, String> attributes(String... keyValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put(keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

	/**
	 * Records the service.version a span has when the next processor sees it start.
	 */
	private record StartRecorder(List<String> seen) implements SpanProcessor {

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
			this.seen.add(span.getAttribute(AttributeKey.stringKey("service.version")));
		}

		@Override
		public boolean isStartRequired() {
			return true;
		}

		@Override
		public void onEnd(ReadableSpan span) {
		}

		@Override
		public boolean isEndRequired() {
			return false;
		}

	}

	/**
	 * A Zipkin sender that keeps what it is given: one JSON span per entry.
	 */
	private record CapturingSender(List<byte[]> sent) implements BytesMessageSender {

		@Override
		public Encoding encoding() {
			return Encoding.JSON;
		}

		@Override
		public int messageMaxBytes() {
			return 1024 * 1024;
		}

		@Override
		public int messageSizeInBytes(List<byte[]> encodedSpans) {
			return encoding().listSizeInBytes(encodedSpans);
		}

		@Override
		public int messageSizeInBytes(int encodedSizeInBytes) {
			return encoding().listSizeInBytes(encodedSizeInBytes);
		}

		@Override
		public void send(List<byte[]> encodedSpans) {
			this.sent.addAll(encodedSpans);
		}

		@Override
		public void close() {
		}

	}

}
