package dev.observability.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Copies resource attributes onto every span when it starts, for backends whose span
 * model has no resource. OpenTelemetry's Zipkin exporter, for one, writes only the
 * resource's {@code service.name} (as {@code localEndpoint.serviceName}); with this
 * processor {@code service.version}, {@code vcs.ref.head.revision} and the {@code k8s.*}
 * attributes become span tags there. An attribute the span already has at start keeps its
 * value.
 */
public class ResourceAttributesSpanProcessor implements SpanProcessor {

	private final List<AttributeKey<String>> keys;

	private final String[] values;

	/**
	 * Creates a processor that puts the given attributes on every span.
	 * @param attributes attribute key to value, in the order they are put
	 */
	public ResourceAttributesSpanProcessor(Map<String, String> attributes) {
		List<AttributeKey<String>> keys = new ArrayList<>(attributes.size());
		this.values = new String[attributes.size()];
		int i = 0;
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			keys.add(AttributeKey.stringKey(attribute.getKey()));
			this.values[i++] = attribute.getValue();
		}
		this.keys = List.copyOf(keys);
	}

	/**
	 * Creates a processor for the starter's resource attributes, without
	 * {@code service.name} (every backend shows that already). Where the tracer
	 * provider's configured {@link Resource} has an attribute, its value is the one
	 * copied, as it is the one on the span's resource.
	 * @param attributes the starter's resource attributes
	 * @param configured the {@code Resource} the tracer provider starts from, or
	 * {@code null}
	 * @return the processor
	 */
	public static ResourceAttributesSpanProcessor of(ResourceAttributes attributes, @Nullable Resource configured) {
		Map<String, String> copied = new LinkedHashMap<>();
		attributes.asMap().forEach((key, value) -> {
			if (!ResourceAttributeKeys.SERVICE_NAME.equals(key)) {
				String configuredValue = (configured != null) ? configured.getAttribute(AttributeKey.stringKey(key))
						: null;
				copied.put(key, (configuredValue != null) ? configuredValue : value);
			}
		});
		return new ResourceAttributesSpanProcessor(copied);
	}

	/**
	 * The attributes put on every span.
	 * @return attribute key to value
	 */
	public Map<String, String> getAttributes() {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (int i = 0; i < this.keys.size(); i++) {
			attributes.put(this.keys.get(i).getKey(), this.values[i]);
		}
		return attributes;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		for (int i = 0; i < this.keys.size(); i++) {
			if (span.getAttribute(this.keys.get(i)) == null) {
				span.setAttribute(this.keys.get(i), this.values[i]);
			}
		}
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

	@Override
	public String toString() {
		return "ResourceAttributesSpanProcessor" + getAttributes();
	}

}
