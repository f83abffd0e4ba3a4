package dev.observability.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the starter cannot protect the scrape endpoints (spring-security-web is missing), the
 * application does not start, on either stack, unless the endpoints were opened explicitly.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityFailClosedTests {

	private static final FilteredClassLoader WITHOUT_SECURITY_WEB = new FilteredClassLoader(
			"org.springframework.security.web");

	private final WebApplicationContextRunner servlet = configure(new WebApplicationContextRunner());

	private final ReactiveWebApplicationContextRunner reactive = configure(new ReactiveWebApplicationContextRunner());

	private static <R extends AbstractApplicationContextRunner<R, ?, ?>> R configure(R runner) {
		return runner
			.withConfiguration(AutoConfigurations.of(EndpointSecurityAutoConfiguration.class,
					TagRedactionAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withClassLoader(WITHOUT_SECURITY_WEB);
	}

	@Test
	void aServletApplicationWithoutSpringSecurityWebDoesNotStart() {
		this.servlet.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cannot be protected in this servlet web application")
				.hasMessageContaining("spring-security-web (org.springframework.security:spring-security-web) is not on the classpath")
				.hasMessageContaining("observability.endpoint.auth.enabled=false");
		});
	}

	@Test
	void aReactiveApplicationWithoutSpringSecurityWebDoesNotStart() {
		this.reactive.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cannot be protected in this reactive web application")
				.hasMessageContaining("spring-security-web (org.springframework.security:spring-security-web) is not on the classpath")
				.hasMessageContaining("observability.endpoint.auth.enabled=false");
		});
	}

	@Test
	void explicitlyOpenEndpointsLetAServletApplicationStartWithAWarning(CapturedOutput output) {
		this.servlet.withPropertyValues("observability.endpoint.auth.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(EndpointSecurityStatus.class).protection()).isEqualTo(EndpointProtection.OPEN);
			assertThat(output.getOut()).containsPattern("WARN.*The scrape endpoints .* are open to anyone");
		});
	}

	@Test
	void explicitlyOpenEndpointsLetAReactiveApplicationStartWithAWarning(CapturedOutput output) {
		this.reactive.withPropertyValues("observability.endpoint.auth.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(EndpointSecurityStatus.class).protection()).isEqualTo(EndpointProtection.OPEN);
			assertThat(output.getOut()).containsPattern("WARN.*The scrape endpoints .* are open to anyone");
		});
	}

	@Test
	void switchingTheCapabilityOffStartsWithoutSpringSecurityWeb() {
		this.servlet.withPropertyValues("observability.endpoint.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EndpointSecurityStatus.class));
		this.reactive.withPropertyValues("observability.endpoint.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EndpointSecurityStatus.class));
	}

}
