package dev.observability.events;

import dev.observability.redaction.TagRedactor;
import dev.observability.naming.NamingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Installs the business event recorder: allowlist, sampling, exact counters and a
 * non-blocking queue to the log and the current span.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"dev.observability.redaction.TagRedactionAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.events.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ BusinessEventsProperties.class, NamingProperties.class })
public final class BusinessEventsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(BusinessEvents.class)
	BusinessEventRecorder businessEvents(MeterRegistry registry, BusinessEventsProperties properties,
			NamingProperties naming, ObjectProvider<EventSpans> spans, EventAttributeRedactor redactor) {
		EventNameCheck nameCheck = properties.validatedNameCheck();
		BusinessEventMetrics metrics = new BusinessEventMetrics(registry, naming.getNamespace(),
				properties.getAllowed());
		return new BusinessEventRecorder(metrics, nameCheck, properties.getNotAllowed(), properties.getSampleRate(),
				properties.getQueueCapacity(), properties.getDrainTimeout(),
				spans.getIfAvailable(() -> EventSpans.NONE), new LoggingBusinessEventWriter(redactor));
	}

	@Bean
	@ConditionalOnMissingBean
	EventAttributeRedactor eventAttributeRedactor(ObjectProvider<TagRedactor> tagRedactor) {
		TagRedactor redactor = tagRedactor.getIfAvailable();
		return (redactor != null) ? new TagRedactorAttributeRedactor(redactor) : EventAttributeRedactor.NONE;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean(Tracer.class)
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventSpans businessEventSpans(Tracer tracer) {
			return new TracerEventSpans(tracer);
		}

	}

}
