package dev.observability.endpoint;

import dev.observability.redaction.RedactingMeterFilter;
import dev.observability.redaction.TagRedactionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the endpoint capability applies, how it joins the application's security (servlet
 * and reactive), and when it backs off.
 */
class EndpointSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = withEndpointSecurity(new WebApplicationContextRunner())
		.withPropertyValues("observability.endpoint.auth.password=s3cret");

	/**
	 * The endpoint capability's auto-configurations and a meter registry, on a runner of
	 * either stack.
	 * @param <R> the runner's type
	 * @param runner the runner
	 * @return the runner with the auto-configurations
	 */
	static <R extends AbstractApplicationContextRunner<R, ?, ?>> R withEndpointSecurity(R runner) {
		return runner
			.withConfiguration(
					AutoConfigurations.of(EndpointSecurityAutoConfiguration.class, TagRedactionAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
	}

	@Test
	void withoutSpringSecuritysFilterItInstallsAFilterOfItsOwnAndNoSecurityFilterChainBean() {
		this.runner.run((context) -> {
			assertThat(context).hasBean(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN)
				.doesNotHaveBean(SecurityFilterChain.class)
				.doesNotHaveBean(UserDetailsService.class)
				.doesNotHaveBean(AuthenticationManager.class)
				.doesNotHaveBean(PasswordEncoder.class)
				.hasSingleBean(RedactingMeterFilter.class);
			assertThat(context.getBean(EndpointSecurityStatus.class).protection())
				.isEqualTo(EndpointProtection.CONFIGURED_PASSWORD);
		});
	}

	@Test
	void withSpringSecuritysFilterItsChainJoinsTheApplicationsFirst() {
		this.runner.withUserConfiguration(WebSecurity.class).run((context) -> {
			assertThat(context).doesNotHaveBean(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN);
			assertThat(context.getBeansOfType(SecurityFilterChain.class))
				.containsOnlyKeys("scrapeEndpointSecurityFilterChain");
			assertThat(context).doesNotHaveBean(UserDetailsService.class).doesNotHaveBean(PasswordEncoder.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.endpoint.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EndpointSecurityStatus.class)
				.doesNotHaveBean(EndpointSecurityAutoConfiguration.STANDALONE_FILTER_BEAN)
				.doesNotHaveBean(RedactingMeterFilter.class);
		});
	}

	@Test
	void redactionCanBeSwitchedOffAlone() {
		this.runner.withPropertyValues("observability.endpoint.redaction.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedactingMeterFilter.class)
				.hasSingleBean(EndpointSecurityStatus.class));
	}

	@Test
	void backsOffWithoutAWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EndpointSecurityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EndpointSecurityStatus.class));
	}

	@Test
	void userCredentialsReplaceTheConfiguredOnes() {
		ScrapeCredentials mine = ScrapeCredentials.of("scraper", "other");
		this.runner.withBean(ScrapeCredentials.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ScrapeCredentials.class)).isSameAs(mine));
	}

	@Test
	void badValuesFailAtStartupNamingTheProperty() {
		assertStartupFailure("observability.endpoint.auth.password={sha999}abc", "unknown password encoding");
		assertStartupFailure("observability.endpoint.auth.password={bcrypt}abc", "not a bcrypt hash");
		assertStartupFailure("observability.endpoint.auth.username=a:b", "must not be empty nor contain ':'");
		assertStartupFailure("observability.endpoint.auth.lockout.max-failures=0", "must be at least 1");
		assertStartupFailure("observability.endpoint.auth.lockout.window=0s", "must be a positive duration");
		assertStartupFailure("observability.endpoint.redaction.key-patterns=pass(word",
				"not a valid regular expression");
		assertStartupFailure("observability.endpoint.auth.endpoints=prometheus,../x",
				"not a valid actuator endpoint id");
	}

	private void assertStartupFailure(String property, String message) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
			assertThat(context.getStartupFailure()).hasMessageContaining("observability.endpoint");
		});
	}

	@EnableWebSecurity
	static class WebSecurity {

	}

	/** On WebFlux, with no servlet type needed. */
	@Nested
	class Reactive {

		private final ReactiveWebApplicationContextRunner runner = withEndpointSecurity(
				new ReactiveWebApplicationContextRunner())
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

	}

	@EnableWebFluxSecurity
	static class WebFluxSecurity {

	}

}
