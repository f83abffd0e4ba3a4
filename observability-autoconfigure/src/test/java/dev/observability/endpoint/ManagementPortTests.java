package dev.observability.endpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the actuator on a separate management port, the scrape endpoints there ask for the scrape
 * credentials, whatever the application's own security.
 */
class ManagementPortTests {

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void scrapeEndpointsOnTheManagementPortAskForTheScrapeCredentials(TestApps.Security security) {
		try (ConfigurableApplicationContext context = TestApps.start(security, "management.server.port=0",
				"management.server.address=127.0.0.1")) {
			TestHttp management = TestApps.managementHttp(context);
			assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(401);
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

}
