package dev.observability.doctor;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Which tracer records the spans, if any: the OpenTelemetry bridge, Brave, or none (no
 * bridge, or Boot's no-op tracer).
 */
enum Tracers {

	OPENTELEMETRY, BRAVE, NONE;

	private static final String OTEL_TRACER = "io.micrometer.tracing.otel.bridge.OtelTracer";

	private static final String BRAVE_TRACER = "io.micrometer.tracing.brave.bridge.BraveTracer";

	static Tracers of(ListableBeanFactory beanFactory) {
		if (BeanTypes.hasBean(beanFactory, OTEL_TRACER)) {
			return OPENTELEMETRY;
		}
		if (BeanTypes.hasBean(beanFactory, BRAVE_TRACER)) {
			return BRAVE;
		}
		return NONE;
	}

}
