package dev.observability.doctor;

import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Pitfall 1: whether the spans go anywhere ({@code tracing.export}). Without an exporter,
 * trace ids in logs and exemplars point to traces nobody can open.
 */
public class SpanExportCheck implements PitfallCheck {

	static final String ID = "tracing.export";

	/** Spring Boot's OTLP and Zipkin exporters are beans of this type. */
	private static final String SPAN_EXPORTER = "io.opentelemetry.sdk.trace.export.SpanExporter";

	private static final String EXPORT_ENABLED = "management.tracing.export.enabled";

	private static final String FIX = "set management.opentelemetry.tracing.export.otlp.endpoint "
			+ "(e.g. http://otel-collector:4318/v1/traces), or declare a SpanExporter bean";

	private final ListableBeanFactory beanFactory;

	private final Environment environment;

	public SpanExportCheck(ListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public List<Finding> check() {
		switch (Tracers.of(this.beanFactory)) {
			case NONE:
				return List
					.of(Finding.warn(ID, Pitfall.LOGS_METRICS_DISAGREE, "no tracer records spans, none are exported",
							"add io.micrometer:micrometer-tracing-bridge-otel, then " + FIX));
			case BRAVE:
				return List.of(Finding.ok(ID, Pitfall.LOGS_METRICS_DISAGREE,
						"Brave tracer: span export is not checked, see its SpanHandler beans"));
			default:
				break;
		}
		if (!this.environment.getProperty(EXPORT_ENABLED, Boolean.class, true)) {
			return List.of(Finding.warn(ID, Pitfall.LOGS_METRICS_DISAGREE,
					"span export is disabled (" + EXPORT_ENABLED + "=false): spans are created but exported nowhere",
					"remove " + EXPORT_ENABLED + "=false, then " + FIX));
		}
		String[] exporters = BeanTypes.namesOf(this.beanFactory, SPAN_EXPORTER);
		if (exporters.length == 0) {
			return List.of(Finding.warn(ID, Pitfall.LOGS_METRICS_DISAGREE,
					"spans are created but exported nowhere: trace ids in logs and exemplars lead to no trace", FIX));
		}
		return List
			.of(Finding.ok(ID, Pitfall.LOGS_METRICS_DISAGREE, "spans are exported by " + String.join(", ", exporters)));
	}

}
