package dev.observability.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the endpoint capability applies, how it joins the application's security, and when it
 * backs off.
 */
class EndpointSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointSecurityAutoConfiguration.class,
				TagRedactionAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("observability.endpoint.auth.password=s3cret");

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
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys(
					"scrapeEndpointSecurityFilterChain");
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
		assertStartupFailure("observability.endpoint.redaction.key-patterns=pass(word", "not a valid regular expression");
		assertStartupFailure("observability.endpoint.auth.endpoints=prometheus,../x", "not a valid actuator endpoint id");
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

}
