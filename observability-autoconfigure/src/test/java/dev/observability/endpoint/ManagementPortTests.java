package dev.observability.endpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the actuator on a separate management port, the scrape endpoints there ask for the
 * scrape credentials, whatever the application's own security, on Tomcat and on Reactor
 * Netty (where the management context's handler takes the application's web filters).
 */
class ManagementPortTests {

	@ParameterizedTest
	@MethodSource("dev.observability.endpoint.TestApps#everySetup")
	void scrapeEndpointsOnTheManagementPortAskForTheScrapeCredentials(TestApps.Stack stack,
			TestApps.Security security) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, security, "management.server.port=0",
				"management.server.address=127.0.0.1")) {
			TestHttp management = TestApps.managementHttp(context);
			assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/%70rometheus").statusCode()).isIn(400, 401);
			assertThat(management.get("/actuator/prometheus", USER, "wrong").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/metrics").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/prometheus", USER, PASSWORD).statusCode()).isEqualTo(200);
			assertThat(management.get("/actuator/prometheus", USER, PASSWORD).body()).contains("# TYPE");
			assertThat(management.get("/actuator/health").statusCode()).isEqualTo(200);
			TestHttp server = TestApps.http(context);
			assertThat(server.get("/api/hello").statusCode())
				.isEqualTo((security == TestApps.Security.BOOT_DEFAULT) ? 401 : 200);
			assertThat(server.get("/actuator/prometheus", USER, PASSWORD).statusCode()).isNotEqualTo(200);
		}
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void theManagementBasePathIsHonoured(TestApps.Stack stack) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.NONE,
				"management.server.port=0", "management.server.address=127.0.0.1",
				"management.server.base-path=/manage")) {
			TestHttp management = TestApps.managementHttp(context);
			assertThat(management.get("/manage/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(management.get("/manage/actuator/prometheus", USER, PASSWORD).statusCode()).isEqualTo(200);
			assertThat(management.get("/actuator/prometheus").statusCode()).isNotEqualTo(200);
		}
	}

}
