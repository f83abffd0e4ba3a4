package dev.observability.messaging;

import dev.observability.core.ConditionalOnOpenTelemetryBridge;
import dev.observability.errors.ErrorClassifierChain;
import dev.observability.errors.ErrorCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Measures and traces every Kafka send and listener invocation once: trace context in
 * record headers, consumer spans, MDC fields, {@code messaging_*} metrics and classified
 * errors.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"dev.observability.errors.ErrorsAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.messaging.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MessagingObservabilityProperties.class)
public final class MessagingObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaTemplate.class)
	static class KafkaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MessagingMetrics messagingMetrics(MeterRegistry registry, MessagingObservabilityProperties properties) {
			return new MessagingMetrics(registry, MessagingMetrics.KAFKA, properties.getBuckets(),
					properties.getMaxDestinations(), properties.getMaxGroups());
		}

		@Bean
		@ConditionalOnMissingBean
		MessagingFailures messagingFailures(ObjectProvider<ErrorClassifierChain> classifier,
				ObjectProvider<MessagingExceptionListener> exceptionListeners) {
			return new MessagingFailures(classifier.getIfAvailable(ErrorClassifierChain::standard),
					exceptionListeners.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		static KafkaInstrumentationPostProcessor kafkaInstrumentationPostProcessor(
				ObjectProvider<MessagingMetrics> metrics, ObjectProvider<MessagingTracing> tracing,
				ObjectProvider<MessagingFailures> failures, Environment environment) {
			Pieces pieces = new Pieces(metrics, tracing, failures);
			return new KafkaInstrumentationPostProcessor(SingletonSupplier.of(pieces::send),
					SingletonSupplier.of(pieces::recordInterceptor), SingletonSupplier.of(pieces::batchInterceptor),
					environment.getProperty("observability.messaging.replace-spring-kafka-timers", Boolean.class,
							true));
		}

	}

	/** Failed sends and invocations in errors_total, when the errors capability is on. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaTemplate.class)
	@ConditionalOnBean(ErrorCounter.class)
	static class ErrorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingMessagingExceptionListener errorCountingMessagingExceptionListener(ErrorCounter counter) {
			return new ErrorCountingMessagingExceptionListener(counter);
		}

	}

	/**
	 * On Micrometer's OpenTelemetry bridge, producer and consumer spans go through the
	 * OpenTelemetry API that the bridge reads from.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaTemplate.class)
	@ConditionalOnOpenTelemetryBridge
	static class OpenTelemetryTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MessagingTracing messagingTracing(io.opentelemetry.api.trace.Tracer tracer,
				io.opentelemetry.context.propagation.ContextPropagators propagators) {
			return new OtelMessagingTracing(tracer, propagators);
		}

	}

	/** The instrumentation's pieces, made from the beans on first use. */
	private record Pieces(ObjectProvider<MessagingMetrics> metrics, ObjectProvider<MessagingTracing> tracing,
			ObjectProvider<MessagingFailures> failures) {

		KafkaSendInstrumentation<Object, Object> send() {
			return new KafkaSendInstrumentation<>(this.metrics.getObject(), tracingOrNone(), this.failures.getObject());
		}

		ObservingRecordInterceptor<Object, Object> recordInterceptor() {
			return new ObservingRecordInterceptor<>(this.metrics.getObject(), tracingOrNone(),
					this.failures.getObject());
		}

		ObservingBatchInterceptor<Object, Object> batchInterceptor() {
			return new ObservingBatchInterceptor<>(this.metrics.getObject(), tracingOrNone(),
					this.failures.getObject());
		}

		private MessagingTracing tracingOrNone() {
			return this.tracing.getIfAvailable(() -> MessagingTracing.NONE);
		}

	}

}
