package dev.observability.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the HTTP capability applies to a reactive application and when it backs off.
 */
class ReactiveHttpObservabilityAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpObservabilityAutoConfiguration.class,
				WebFluxAutoConfiguration.class, HttpHandlerAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(ObservationRegistry.class, ObservationRegistry::create);

	@Test
	void installsTheWebFilterAndReplacesSpringsServerObservation() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(HttpObservabilityWebFilter.class);
			assertThat(context).hasSingleBean(RouteMdcHandlerAdapter.class);
			assertThat(context).hasSingleBean(UnhandledExceptionMarker.class);
			assertThat(context).hasSingleBean(ExceptionHandlerRecordingPostProcessor.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context.getBean(HttpObservabilityWebFilter.class).getOrder()).isEqualTo(Integer.MIN_VALUE);
			assertThat(observationRegistryOf(context.getBean(HttpHandler.class))).isSameAs(ObservationRegistry.NOOP);
		});
	}

	@Test
	void propertyGivesSpringsServerObservationBack() {
		this.runner.withPropertyValues("observability.http.replace-boot-observation=false").run((context) -> {
			assertThat(context).hasSingleBean(HttpObservabilityWebFilter.class);
			assertThat(context).doesNotHaveBean(WebHttpHandlerBuilderCustomizer.class);
			assertThat(observationRegistryOf(context.getBean(HttpHandler.class)))
				.isSameAs(context.getBean(ObservationRegistry.class));
		});
	}

	@Test
	void aUserWebFilterOfTheSameTypeIsKept() {
		HttpObservabilityWebFilter own = new HttpObservabilityWebFilter(
				new HttpRequestMetrics(new SimpleMeterRegistry(), java.util.List.of()),
				new ReactiveRouteResolver(null, 1), HttpServerTracing.NONE, "span",
				new AccessLogWriter(AccessLogMode.OFF, java.time.Duration.ZERO), java.util.List.of());
		this.runner.withBean(HttpObservabilityWebFilter.class, () -> own)
			.run((context) -> assertThat(context).getBean(HttpObservabilityWebFilter.class).isSameAs(own));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpObservabilityWebFilter.class));
	}

	@Test
	void startsWithoutTheServletApi() {
		this.runner.withClassLoader(new FilteredClassLoader("jakarta.servlet", "org.springframework.web.servlet"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(HttpObservabilityWebFilter.class);
			});
	}

	private static ObservationRegistry observationRegistryOf(HttpHandler handler) {
		// The starter's measurement wraps Spring's whole handler.
		assertThat(handler).isInstanceOf(HttpObservabilityWebFilter.MeasuredHttpHandler.class);
		HttpHandler adapter = ((HttpObservabilityWebFilter.MeasuredHttpHandler) handler).delegate();
		return ((HttpWebHandlerAdapter) adapter).getObservationRegistry();
	}

}
