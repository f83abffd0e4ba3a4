package dev.observability.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On WebFlux: how the endpoint capability joins the application's reactive security, or stands
 * alone, and that it needs no servlet type to do so.
 */
class ReactiveEndpointSecurityAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointSecurityAutoConfiguration.class,
				TagRedactionAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("observability.endpoint.auth.password=s3cret");

	@Test
	void withoutSpringSecuritysWebFilterItInstallsAWebFilterOfItsOwnAndNoSecurityWebFilterChainBean() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EndpointOnlyWebFilter.class)
				.hasBean(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN)
				.doesNotHaveBean(SecurityWebFilterChain.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(ActuatorEndpointRequestMatcher.class)
				.doesNotHaveBean(ReactiveUserDetailsService.class)
				.doesNotHaveBean(ReactiveAuthenticationManager.class)
				.doesNotHaveBean(PasswordEncoder.class);
			assertThat(context.getBean(EndpointOnlyWebFilter.class).getOrder())
				.isEqualTo(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_ORDER);
			assertThat(context.getBean(EndpointSecurityStatus.class).protection())
				.isEqualTo(EndpointProtection.CONFIGURED_PASSWORD);
		});
	}

	@Test
	void withSpringSecuritysWebFilterItsChainJoinsTheApplicationsFirst() {
		this.runner.withUserConfiguration(WebFluxSecurity.class).run((context) -> {
			assertThat(context).doesNotHaveBean(EndpointOnlyWebFilter.class);
			assertThat(context.getBeansOfType(SecurityWebFilterChain.class))
				.containsOnlyKeys("scrapeEndpointSecurityWebFilterChain");
			assertThat(context).doesNotHaveBean(ReactiveUserDetailsService.class)
				.doesNotHaveBean(PasswordEncoder.class);
		});
	}

	@Test
	void withoutServletOnTheClassPathItStartsAndProtects() {
		this.runner.withClassLoader(new FilteredClassLoader("jakarta.servlet"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(EndpointOnlyWebFilter.class)
				.hasSingleBean(ScrapeCredentials.class)
				.doesNotHaveBean(ActuatorEndpointRequestMatcher.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.endpoint.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EndpointSecurityStatus.class)
				.doesNotHaveBean(EndpointOnlyWebFilter.class));
	}

	@EnableWebFluxSecurity
	static class WebFluxSecurity {

	}

}
