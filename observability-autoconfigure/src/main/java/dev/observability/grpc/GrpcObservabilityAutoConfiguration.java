package dev.observability.grpc;

import dev.observability.errors.ErrorCounter;
import dev.observability.core.AgentServerSpans;
import dev.observability.core.ConditionalOnOpenTelemetryBridge;
import dev.observability.errors.ErrorClassifierChain;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * Measures and traces every gRPC call once, at the protocol entry of server and client:
 * call metrics with the final status, server and client spans, MDC fields, and classified
 * errors.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"dev.observability.errors.ErrorsAutoConfiguration" },
		beforeName = {
				"org.springframework.boot.grpc.server.autoconfigure.exception.GrpcExceptionHandlerAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
				"org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ServerInterceptor.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.grpc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcObservabilityProperties.class)
public final class GrpcObservabilityAutoConfiguration {

	/**
	 * Counts the exceptions of server calls and the failures of client calls in
	 * {@code errors_total} when the errors capability is on.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ErrorCounter.class)
	static class ErrorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingGrpcExceptionListener errorCountingGrpcExceptionListener(ErrorCounter counter) {
			return new ErrorCountingGrpcExceptionListener(counter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.grpc.server.enabled", matchIfMissing = true)
	static class ServerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "grpcServerCallMetrics")
		GrpcCallMetrics grpcServerCallMetrics(MeterRegistry registry, GrpcObservabilityProperties properties) {
			return GrpcCallMetrics.server(registry, properties.getBuckets());
		}

		@Bean
		@ConditionalOnMissingBean
		GrpcServerErrors grpcServerErrors(ObjectProvider<ErrorClassifierChain> classifier,
				ObjectProvider<GrpcExceptionListener> exceptionListeners) {
			return new GrpcServerErrors(classifier.getIfAvailable(ErrorClassifierChain::standard),
					exceptionListeners.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		GrpcServerStreamTracerFactory grpcServerStreamTracerFactory(GrpcCallMetrics grpcServerCallMetrics) {
			return new GrpcServerStreamTracerFactory(grpcServerCallMetrics);
		}

		@Bean
		@ConditionalOnMissingBean
		@GlobalServerInterceptor
		@Order(Ordered.HIGHEST_PRECEDENCE)
		GrpcServerObservabilityInterceptor grpcServerObservabilityInterceptor(GrpcCallMetrics grpcServerCallMetrics,
				ObjectProvider<GrpcServerTracing> tracing, GrpcServerErrors errors) {
			return new GrpcServerObservabilityInterceptor(grpcServerCallMetrics,
					tracing.getIfAvailable(() -> GrpcServerTracing.NONE), errors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.grpc.server.enabled", matchIfMissing = true)
	@ConditionalOnClass({ ServerBuilderCustomizer.class, GrpcExceptionHandler.class })
	static class SpringGrpcServerConfiguration {

		@Bean
		<T extends io.grpc.ServerBuilder<T>> ServerBuilderCustomizer<T> grpcServerStreamTracerCustomizer(
				GrpcServerStreamTracerFactory factory) {
			return (builder) -> builder.addStreamTracerFactory(factory);
		}

		@Bean
		@ConditionalOnMissingBean
		GrpcExceptionHandlers.Recorder grpcExceptionRecorder() {
			return new GrpcExceptionHandlers.Recorder();
		}

		@Bean
		@ConditionalOnMissingBean
		GrpcExceptionHandlers.Fallback grpcFallbackExceptionHandler(GrpcServerErrors errors) {
			return new GrpcExceptionHandlers.Fallback(errors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.grpc.client.enabled", matchIfMissing = true)
	@ConditionalOnClass(ClientInterceptor.class)
	static class ClientConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "grpcClientCallMetrics")
		GrpcCallMetrics grpcClientCallMetrics(MeterRegistry registry, GrpcObservabilityProperties properties) {
			return GrpcCallMetrics.client(registry, properties.getBuckets());
		}

		@Bean
		@ConditionalOnMissingBean
		@GlobalClientInterceptor
		@Order(Ordered.HIGHEST_PRECEDENCE)
		GrpcClientObservabilityInterceptor grpcClientObservabilityInterceptor(GrpcCallMetrics grpcClientCallMetrics,
				ObjectProvider<GrpcClientTracing> tracing, ObjectProvider<GrpcExceptionListener> exceptionListeners) {
			return new GrpcClientObservabilityInterceptor(grpcClientCallMetrics,
					tracing.getIfAvailable(() -> GrpcClientTracing.NONE), exceptionListeners.orderedStream().toList());
		}

	}

	/**
	 * On Micrometer's OpenTelemetry bridge, server spans go straight through the
	 * OpenTelemetry API that the bridge reads from. Ordered before
	 * {@link TracingConfiguration}, whose server tracing then backs off; client spans
	 * stay with Micrometer's tracer. Where the OpenTelemetry Java agent traces gRPC (see
	 * {@link AgentServerSpans}), the agent's server span is used.
	 */
	@Configuration(proxyBeanMethods = false)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnOpenTelemetryBridge
	static class OpenTelemetryTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcServerTracing grpcServerTracing(io.opentelemetry.api.trace.Tracer tracer,
				io.opentelemetry.context.propagation.ContextPropagators propagators,
				ObjectProvider<AgentServerSpans> agentServerSpans) {
			GrpcServerTracing own = new OtelGrpcServerTracing(tracer, propagators);
			return AgentServerSpans.of(agentServerSpans).grpc() ? new AgentGrpcServerTracing(own) : own;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcServerTracing grpcServerTracing(Tracer tracer, Propagator propagator) {
			return new TracerGrpcServerTracing(tracer, propagator);
		}

		/**
		 * Where the OpenTelemetry Java agent traces gRPC, its own client interceptor
		 * starts the client span of every call (and writes the trace context the server
		 * continues): the starter adds none.
		 */
		@Bean
		@ConditionalOnMissingBean
		GrpcClientTracing grpcClientTracing(Tracer tracer, Propagator propagator,
				ObjectProvider<AgentServerSpans> agentServerSpans) {
			return AgentServerSpans.of(agentServerSpans).grpc() ? GrpcClientTracing.NONE
					: new TracerGrpcClientTracing(tracer, propagator);
		}

	}

}
