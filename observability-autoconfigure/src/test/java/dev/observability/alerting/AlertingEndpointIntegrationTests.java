package dev.observability.alerting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.observability.alerting.testapp.AlertingTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application on Tomcat serves the generated rules as YAML and the dashboard as
 * JSON on the actuator endpoints a user exposed.
 */
class AlertingEndpointIntegrationTests {

	private static final String USER = "prometheus";

	private static final String PASSWORD = "s3cret-Scrape";

	/**
	 * Spring Boot's own security auto-configuration: off, the application has no security
	 * of its own.
	 */
	private static final String BOOT_SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	private static final HttpClient client = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	private static int port;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(AlertingTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"spring.application.name=checkout", "observability.naming.namespace=checkout",
					"management.endpoints.web.exposure.include=health,alertrules,grafanadashboard",
					"spring.autoconfigure.exclude=" + BOOT_SECURITY, "observability.endpoint.auth.username=" + USER,
					"observability.endpoint.auth.password=" + PASSWORD)
			.run();
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void alertRulesEndpointServesTheGeneratedYaml() throws Exception {
		HttpResponse<String> response = get("/actuator/alertrules");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/yaml"));
		assertThat(response.body()).isEqualTo(context.getBean(AlertRules.class).toYaml()).contains("job=\"checkout\"");
	}

	@Test
	void grafanaDashboardEndpointServesTheGeneratedJson() throws Exception {
		HttpResponse<String> response = get("/actuator/grafanadashboard");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo(context.getBean(GrafanaDashboard.class).toJson());
		Map<String, Object> dashboard = DashboardQueries.parse(response.body());
		assertThat(dashboard).containsEntry("title", "checkout service overview");
	}

	private static HttpResponse<String> get(String path) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Basic " + credentials)
			.timeout(Duration.ofSeconds(10))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
