package dev.observability.endpoint;

import java.net.http.HttpResponse;

import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import dev.observability.doctor.PitfallAssertions;
import dev.observability.doctor.PitfallReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose own security chain is scoped to {@code /actuator/**}, with its own
 * user, on Tomcat and on Reactor Netty: the starter steps aside for the endpoints that
 * chain matches, says so at startup, and the report finds them protected.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationActuatorChainTests {

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void theApplicationsActuatorChainWinsAndTheStarterSaysItStepsAside(TestApps.Stack stack, CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.BOOT_DEFAULT,
				"testapp.security=actuator", "management.endpoints.web.exposure.include=*")) {
			TestHttp http = TestApps.http(context);
			HttpResponse<String> anonymous = http.get("/actuator/env");
			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse(""))
				.doesNotContain("realm=\"observability\"");
			assertThat(http.get("/actuator/env", "ops", "ops-pass").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/prometheus", "ops", "ops-pass").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/env", USER, PASSWORD).statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
			Finding finding = PitfallAssertions.reportOf(context).finding("endpoint.sensitive-open").orElseThrow();
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).contains("env");
			assertThat(output.getOut()).containsPattern(
					"INFO.*The actuator endpoint 'env' is left to the application's own security chain.*steps aside");
			if (stack == TestApps.Stack.SERVLET) {
				assertThat(output.getOut()).containsPattern(
						"INFO.*Actuator endpoints open to anyone: .*left to the application's own security chains, "
								+ "the starter steps aside: .*env");
			}
		}
	}

	@Test
	void anActuatorChainThatPermitsEveryoneMakesTheReportFailNamingTheEndpoints() {
		try (ConfigurableApplicationContext context = TestApps.start(TestApps.Stack.SERVLET,
				TestApps.Security.BOOT_DEFAULT, "testapp.security=actuator-open",
				"management.endpoints.web.exposure.include=*")) {
			assertThat(TestApps.http(context).get("/actuator/env").statusCode()).isEqualTo(200);
			PitfallReport report = PitfallAssertions.reportOf(context);
			Finding sensitive = report.finding("endpoint.sensitive-open").orElseThrow();
			assertThat(sensitive.severity()).isEqualTo(FindingSeverity.FAIL);
			assertThat(sensitive.message()).contains("env (/actuator/env answered 200)")
				.contains("beans (/actuator/beans answered 200)");
			Finding scrape = report.finding("endpoint.scrape-auth").orElseThrow();
			assertThat(scrape.severity()).isEqualTo(FindingSeverity.FAIL);
			assertThat(scrape.message()).contains("prometheus (/actuator/prometheus answered 200)");
		}
	}

}
