package dev.observability.selfcheck;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;

/**
 * Puts a {@link CountingSpanExporter} around each exporter of Spring Boot's
 * {@link SpanExporters} bean, the list its batch span processor sends to. The exporter
 * beans themselves (OTLP, Zipkin, the application's) stay as they are, with their types;
 * no second pipeline is built.
 */
final class SpanExportersPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<SpanExportHealth> health;

	SpanExportersPostProcessor(ObjectProvider<SpanExportHealth> health) {
		this.health = health;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SpanExporters exporters) {
			SpanExportHealth health = this.health.getIfAvailable();
			return (health != null) ? counted(exporters, health) : bean;
		}
		return bean;
	}

	static SpanExporters counted(SpanExporters exporters, SpanExportHealth health) {
		List<SpanExporter> counted = new ArrayList<>();
		for (SpanExporter exporter : exporters) {
			counted.add(
					(exporter instanceof CountingSpanExporter) ? exporter : new CountingSpanExporter(exporter, health));
		}
		return SpanExporters.of(counted);
	}

}
