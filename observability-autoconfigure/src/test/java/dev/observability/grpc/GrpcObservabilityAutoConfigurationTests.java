package dev.observability.grpc;

import dev.observability.core.AgentServerSpans;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the gRPC auto-configuration applies and when it backs off.
 */
class GrpcObservabilityAutoConfigurationTests {

	/** Boot's tracing on the OpenTelemetry bridge. */
	private static final AutoConfigurations OTEL_TRACING = AutoConfigurations.of(
			org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class,
			org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration.class,
			org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcObservabilityAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void installsServerAndClientInterceptorsStreamTracerAndExceptionHandlers() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcServerObservabilityInterceptor.class)
				.hasSingleBean(GrpcServerStreamTracerFactory.class)
				.hasSingleBean(GrpcClientObservabilityInterceptor.class)
				.hasSingleBean(GrpcExceptionHandlers.Recorder.class)
				.hasSingleBean(GrpcExceptionHandlers.Fallback.class)
				.hasSingleBean(ServerBuilderCustomizer.class)
				.doesNotHaveBean(GrpcServerTracing.class);
			assertThat(context.findAnnotationOnBean("grpcServerObservabilityInterceptor",
					org.springframework.grpc.server.GlobalServerInterceptor.class))
				.isNotNull();
			assertThat(context.findAnnotationOnBean("grpcClientObservabilityInterceptor",
					org.springframework.grpc.client.GlobalClientInterceptor.class))
				.isNotNull();
		});
	}

	@Test
	void onTheOpenTelemetryBridgeServerSpansGoThroughTheOpenTelemetryApi() {
		this.runner.withConfiguration(OTEL_TRACING)
			.run((context) -> assertThat(context).hasSingleBean(OtelGrpcServerTracing.class)
				.hasSingleBean(TracerGrpcClientTracing.class));
	}

	@Test
	void whereTheJavaAgentTracesGrpcItsServerSpanIsUsedAndTheStarterAddsNoClientSpan() {
		this.runner.withConfiguration(OTEL_TRACING)
			.withBean(AgentServerSpans.class, () -> new AgentServerSpans(false, true, false))
			.run((context) -> {
				assertThat(context).getBean(GrpcServerTracing.class).isInstanceOf(AgentGrpcServerTracing.class);
				assertThat(context).getBean(GrpcClientTracing.class).isSameAs(GrpcClientTracing.NONE);
			});
	}

	@Test
	void tracesWhenATracerAndPropagatorArePresent() {
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP)
			.withBean(Propagator.class, () -> Propagator.NOOP)
			.run((context) -> assertThat(context).hasSingleBean(TracerGrpcServerTracing.class)
				.hasSingleBean(TracerGrpcClientTracing.class));
	}

	@Test
	void backsOffWithoutGrpc() {
		this.runner.withClassLoader(new FilteredClassLoader("io.grpc"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcServerObservabilityInterceptor.class)
				.doesNotHaveBean(GrpcObservabilityProperties.class));
	}

	@Test
	void withoutSpringGrpcKeepsTheInterceptorsForManualWiring() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.grpc"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcServerObservabilityInterceptor.class)
				.hasSingleBean(GrpcServerStreamTracerFactory.class)
				.hasSingleBean(GrpcClientObservabilityInterceptor.class)
				.doesNotHaveBean(GrpcExceptionHandlers.Fallback.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcObservabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerObservabilityInterceptor.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.grpc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerObservabilityInterceptor.class)
				.doesNotHaveBean(GrpcClientObservabilityInterceptor.class));
	}

	@Test
	void eachSideCanBeSwitchedOff() {
		this.runner.withPropertyValues("observability.grpc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerObservabilityInterceptor.class)
				.doesNotHaveBean(GrpcExceptionHandlers.Fallback.class)
				.hasSingleBean(GrpcClientObservabilityInterceptor.class));
		this.runner.withPropertyValues("observability.grpc.client.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(GrpcServerObservabilityInterceptor.class)
				.doesNotHaveBean(GrpcClientObservabilityInterceptor.class));
	}

	@Test
	void userInterceptorReplacesOurs() {
		GrpcServerObservabilityInterceptor own = new GrpcServerObservabilityInterceptor(
				GrpcCallMetrics.server(new SimpleMeterRegistry(), new GrpcObservabilityProperties().getBuckets()),
				GrpcServerTracing.NONE, null);
		this.runner.withBean("myInterceptor", GrpcServerObservabilityInterceptor.class, () -> own)
			.run((context) -> assertThat(context.getBean(GrpcServerObservabilityInterceptor.class)).isSameAs(own));
	}

	@Test
	void invalidBucketFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("observability.grpc.buckets=100ms,-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("every bucket must be a positive duration"));
	}

	@Test
	void springGrpcObservationIsSwitchedOffByDefaultAndCanBeGivenBack() {
		StandardEnvironment environment = new StandardEnvironment();
		new SpringGrpcObservationEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("spring.grpc.server.observation.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.grpc.client.observation.enabled")).isEqualTo("false");

		StandardEnvironment explicit = environmentWith(Map.of("spring.grpc.server.observation.enabled", "true"));
		new SpringGrpcObservationEnvironmentPostProcessor().postProcessEnvironment(explicit, null);
		assertThat(explicit.getProperty("spring.grpc.server.observation.enabled")).isEqualTo("true");

		// SpringApplication's default properties: Boot moves them behind every other
		// source
		StandardEnvironment defaultProperties = new StandardEnvironment();
		defaultProperties.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties",
					Map.of("spring.grpc.client.observation.enabled", "true")));
		new SpringGrpcObservationEnvironmentPostProcessor().postProcessEnvironment(defaultProperties, null);
		defaultProperties.getPropertySources()
			.addLast(defaultProperties.getPropertySources().remove("defaultProperties"));
		assertThat(defaultProperties.getProperty("spring.grpc.client.observation.enabled")).isEqualTo("true");
		assertThat(defaultProperties.getProperty("spring.grpc.server.observation.enabled")).isEqualTo("false");

		StandardEnvironment replaceOff = environmentWith(
				Map.of("observability.grpc.replace-spring-observation", "false"));
		new SpringGrpcObservationEnvironmentPostProcessor().postProcessEnvironment(replaceOff, null);
		assertThat(replaceOff.getProperty("spring.grpc.server.observation.enabled")).isNull();

		StandardEnvironment disabled = environmentWith(Map.of("observability.grpc.enabled", "false"));
		new SpringGrpcObservationEnvironmentPostProcessor().postProcessEnvironment(disabled, null);
		assertThat(disabled.getProperty("spring.grpc.client.observation.enabled")).isNull();
	}

	private static StandardEnvironment environmentWith(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
