package dev.observability.endpoint;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the starter cannot protect the scrape endpoints (spring-security-web is missing),
 * the application does not start, on either stack, unless the endpoints were opened
 * explicitly.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityFailClosedTests {

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void withoutSpringSecurityWebTheApplicationDoesNotStart(TestApps.Stack stack) {
		runnerWithoutSpringSecurityWeb(stack).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cannot be protected: spring-security-web "
						+ "(org.springframework.security:spring-security-web) is not on the classpath")
				.hasMessageContaining("observability.endpoint.auth.enabled=false");
		});
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void explicitlyOpenEndpointsLetItStartWithAWarning(TestApps.Stack stack, CapturedOutput output) {
		runnerWithoutSpringSecurityWeb(stack).withPropertyValues("observability.endpoint.auth.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(EndpointSecurityStatus.class).protection())
					.isEqualTo(EndpointProtection.OPEN);
				assertThat(output.getOut()).containsPattern("WARN.*The scrape endpoints .* are open to anyone");
			});
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void switchingTheCapabilityOffLetsItStart(TestApps.Stack stack) {
		runnerWithoutSpringSecurityWeb(stack).withPropertyValues("observability.endpoint.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EndpointSecurityStatus.class));
	}

	private static AbstractApplicationContextRunner<?, ?, ?> runnerWithoutSpringSecurityWeb(TestApps.Stack stack) {
		FilteredClassLoader withoutSecurityWeb = new FilteredClassLoader("org.springframework.security.web");
		return switch (stack) {
			case SERVLET ->
				EndpointSecurityAutoConfigurationTests.withEndpointSecurity(new WebApplicationContextRunner())
					.withClassLoader(withoutSecurityWeb);
			case REACTIVE ->
				EndpointSecurityAutoConfigurationTests.withEndpointSecurity(new ReactiveWebApplicationContextRunner())
					.withClassLoader(withoutSecurityWeb);
		};
	}

}
