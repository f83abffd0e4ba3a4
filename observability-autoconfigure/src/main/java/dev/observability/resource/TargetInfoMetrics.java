package dev.observability.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code target_info} gauge of the OpenTelemetry Prometheus compatibility
 * specification: value 1, the resource attributes as labels (Prometheus shows
 * {@code service.name} as {@code service_name}), so that no other metric has to carry
 * them.
 */
public class TargetInfoMetrics implements MeterBinder {

	/** Micrometer name; the Prometheus registry exports it as {@code target_info}. */
	public static final String METER_NAME = "target.info";

	private static final Integer ONE = 1;

	private final Tags tags;

	public TargetInfoMetrics(ResourceAttributes attributes) {
		List<Tag> tags = new ArrayList<>();
		for (Map.Entry<String, String> attribute : attributes.asMap().entrySet()) {
			tags.add(Tag.of(attribute.getKey(), attribute.getValue()));
		}
		this.tags = Tags.of(tags);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(METER_NAME, () -> ONE)
			.description("Target metadata: the resource attributes of this process as labels; the value is always 1")
			.tags(this.tags)
			.strongReference(true)
			.register(registry);
	}

}
