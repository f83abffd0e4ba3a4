package dev.observability.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Matches when Micrometer Tracing runs on its OpenTelemetry bridge and the OpenTelemetry
 * tracer and propagators it uses are beans: then the starter's server spans can go
 * straight through the OpenTelemetry API that the bridge reads from.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnClass(name = { "io.micrometer.tracing.otel.bridge.OtelTracer",
		"io.opentelemetry.context.propagation.ContextPropagators" })
@ConditionalOnBean(type = { "io.micrometer.tracing.otel.bridge.OtelTracer", "io.opentelemetry.api.trace.Tracer",
		"io.opentelemetry.context.propagation.ContextPropagators" })
public @interface ConditionalOnOpenTelemetryBridge {

}
