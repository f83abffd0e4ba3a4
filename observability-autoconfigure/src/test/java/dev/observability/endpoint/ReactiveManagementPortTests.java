package dev.observability.endpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the actuator of a WebFlux application on a separate management port (a child context
 * whose handler takes the application's web filters), the scrape endpoints there ask for the
 * scrape credentials, whatever the application's own security.
 */
class ReactiveManagementPortTests {

	@ParameterizedTest
	@EnumSource(ReactiveTestApps.Security.class)
	void scrapeEndpointsOnTheManagementPortAskForTheScrapeCredentials(ReactiveTestApps.Security security) {
		try (ConfigurableApplicationContext context = ReactiveTestApps.start(security, "management.server.port=0",
				"management.server.address=127.0.0.1")) {
			TestHttp management = TestApps.managementHttp(context);
			assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/%70rometheus").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/prometheus", USER, "wrong").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/metrics").statusCode()).isEqualTo(401);
			assertThat(management.get("/actuator/prometheus", USER, PASSWORD).statusCode()).isEqualTo(200);
			assertThat(management.get("/actuator/prometheus", USER, PASSWORD).body()).contains("# TYPE");
			assertThat(management.get("/actuator/health").statusCode()).isEqualTo(200);
			TestHttp server = TestApps.http(context);
			assertThat(server.get("/api/hello").statusCode()).isEqualTo(switch (security) {
				case NONE, PERMIT_ALL -> 200;
				case BOOT_DEFAULT, OWN_CHAIN -> 401;
			});
			assertThat(server.get("/actuator/prometheus", USER, PASSWORD).statusCode()).isNotEqualTo(200);
		}
	}

	@ParameterizedTest
	@EnumSource(value = ReactiveTestApps.Security.class, names = { "NONE", "OWN_CHAIN" })
	void theManagementBasePathIsHonoured(ReactiveTestApps.Security security) {
		try (ConfigurableApplicationContext context = ReactiveTestApps.start(security, "management.server.port=0",
				"management.server.address=127.0.0.1", "management.server.base-path=/manage")) {
			TestHttp management = TestApps.managementHttp(context);
			assertThat(management.get("/manage/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(management.get("/manage/actuator/prometheus", USER, PASSWORD).statusCode()).isEqualTo(200);
			assertThat(management.get("/actuator/prometheus").statusCode()).isNotEqualTo(200);
		}
	}

}
