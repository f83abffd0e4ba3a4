package dev.observability.http;

import dev.observability.core.AgentServerSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.core.ResolvableType;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the HTTP capability applies and when it backs off.
 */
class HttpObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpObservabilityAutoConfiguration.class,
				WebMvcObservationAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(io.micrometer.observation.ObservationRegistry.class,
				io.micrometer.observation.ObservationRegistry::create);

	@Test
	void installsTheFilterFirstAndReplacesBootsObservationFilter() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("httpObservabilityFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(HttpObservabilityFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE);
			assertThat(enabledBootObservationFilters(context)).isZero();
		});
	}

	@Test
	void propertyGivesBootsObservationFilterBack() {
		this.runner.withPropertyValues("observability.http.replace-boot-observation=false").run((context) -> {
			assertThat(context).hasBean("httpObservabilityFilter");
			assertThat(enabledBootObservationFilters(context)).isEqualTo(1);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.http.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HttpObservabilityFilter.class);
			assertThat(context).doesNotHaveBean("httpObservabilityFilter");
			assertThat(enabledBootObservationFilters(context)).isEqualTo(1);
		});
	}

	@Test
	void backsOffWithoutAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HttpObservabilityAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean("httpObservabilityFilter"));
	}

	@Test
	void backsOffWhenTheUserDefinesTheFilter() {
		this.runner
			.withBean("myFilter", HttpObservabilityFilter.class,
					() -> new HttpObservabilityFilter(
							new HttpRequestMetrics(new SimpleMeterRegistry(), java.util.List.of()),
							new RouteResolver(null, 1), HttpServerTracing.NONE,
							new AccessLogWriter(AccessLogMode.OFF, java.time.Duration.ZERO), java.util.List.of()))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("httpObservabilityFilter");
				assertThat(context.getBeansOfType(HttpObservabilityFilter.class)).containsOnlyKeys("myFilter");
			});
	}

	@Test
	void onTheOpenTelemetryBridgeTheServerSpanGoesThroughTheOpenTelemetryApi() {
		this.runner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(HttpServerTracing.class)
				.isInstanceOf(OtelHttpServerTracing.class));
	}

	@Test
	void whereTheJavaAgentStartsTheServerSpanItsSpanIsUsed() {
		this.runner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withBean(AgentServerSpans.class, () -> new AgentServerSpans(true, false, true))
			.run((context) -> assertThat(context).getBean(HttpServerTracing.class)
				.isInstanceOf(AgentHttpServerTracing.class));
	}

	@Test
	void aUserHttpServerTracingIsKept() {
		this.runner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.withBean(HttpServerTracing.class, () -> HttpServerTracing.NONE)
			.run((context) -> assertThat(context).getBean(HttpServerTracing.class).isSameAs(HttpServerTracing.NONE));
	}

	@Test
	void withoutTracingTheFilterStillMeasures() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(HttpServerTracing.class)
			.hasSingleBean(HttpRequestMetrics.class));
	}

	@Test
	void absurdMaxRoutesFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("observability.http.max-routes=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("must be between 1 and 10000");
			assertThat(context.getStartupFailure()).hasMessageContaining("observability.http");
		});
	}

	@Test
	void negativeBucketFailsAtStartup() {
		this.runner.withPropertyValues("observability.http.buckets=-5ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("positive duration"));
	}

	private static long enabledBootObservationFilters(org.springframework.context.ApplicationContext context) {
		String[] names = context.getBeanNamesForType(
				ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, ServerHttpObservationFilter.class));
		long enabled = 0;
		for (String name : names) {
			FilterRegistrationBean<?> registration = context.getBean(name, FilterRegistrationBean.class);
			if (registration.isEnabled()) {
				enabled++;
			}
		}
		return enabled;
	}

}
