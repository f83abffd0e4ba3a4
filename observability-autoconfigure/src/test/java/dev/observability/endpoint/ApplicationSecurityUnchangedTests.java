package dev.observability.endpoint;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Tomcat and on Reactor Netty, in each of four set-ups of the application's own
 * security, the application's endpoints answer exactly as they do without the starter's
 * endpoint security, while the scrape endpoints answer only the scrape user.
 */
class ApplicationSecurityUnchangedTests {

	/**
	 * Requests to the application (not to a scrape endpoint), with the credentials sent.
	 */
	private static final List<String[]> APPLICATION_REQUESTS = List.of(new String[] { "/api/hello" },
			new String[] { "/api/hello", "alice", "wonderland" }, new String[] { "/api/hello", "bootuser", "bootpass" },
			new String[] { "/api/hello", USER, PASSWORD }, new String[] { "/private/data" },
			new String[] { "/private/data", "alice", "wonderland" },
			new String[] { "/private/data", "bootuser", "bootpass" }, new String[] { "/private/data", USER, PASSWORD },
			new String[] { "/login" }, new String[] { "/actuator/health" }, new String[] { "/actuator/info" },
			new String[] { "/actuator/info", USER, PASSWORD }, new String[] { "/actuator" },
			new String[] { "/no/such/page" });

	@ParameterizedTest
	@MethodSource("dev.observability.endpoint.TestApps#everySetup")
	void applicationEndpointsAnswerAsWithoutTheStarter(TestApps.Stack stack, TestApps.Security security) {
		List<String> without = answers(stack, security, "observability.endpoint.enabled=false");
		List<String> with = answers(stack, security);
		assertThat(with).containsExactlyElementsOf(without);
	}

	@ParameterizedTest
	@MethodSource("dev.observability.endpoint.TestApps#everySetup")
	void onlyTheScrapeUserCanScrape(TestApps.Stack stack, TestApps.Security security) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, security)) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/prometheus", "alice", "wonderland").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/prometheus", "bootuser", "bootpass").statusCode()).isEqualTo(401);
			HttpResponse<String> scrape = http.get("/actuator/prometheus", USER, PASSWORD);
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).contains("# TYPE");
			assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
			if (security == TestApps.Security.BOOT_DEFAULT || security == TestApps.Security.OWN_CHAIN) {
				assertThat(http.get("/private/data", USER, PASSWORD).statusCode()).isNotEqualTo(200);
			}
		}
	}

	private static List<String> answers(TestApps.Stack stack, TestApps.Security security, String... properties) {
		List<String> answers = new ArrayList<>();
		try (ConfigurableApplicationContext context = TestApps.start(stack, security, properties)) {
			TestHttp http = TestApps.http(context);
			for (String[] request : APPLICATION_REQUESTS) {
				HttpResponse<String> response = (request.length == 1) ? http.get(request[0])
						: http.get(request[0], request[1], request[2]);
				answers.add(String.join(" ", request) + " -> " + response.statusCode() + " "
						+ response.headers().firstValue("Location").orElse("").replaceFirst("^http://[^/]+", "") + " "
						+ response.headers().firstValue("WWW-Authenticate").orElse(""));
			}
		}
		return answers;
	}

}
