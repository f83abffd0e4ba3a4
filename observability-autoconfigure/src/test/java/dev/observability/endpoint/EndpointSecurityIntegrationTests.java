package dev.observability.endpoint;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.observability.endpoint.testapp.EndpointTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape endpoints of a real application on Tomcat with Spring Boot's default
 * security, driven over real HTTP.
 */
class EndpointSecurityIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	@BeforeAll
	static void start() {
		context = TestApps.start(TestApps.Security.BOOT_DEFAULT,
				"observability.endpoint.auth.lockout.max-failures=100000");
		http = TestApps.http(context);
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void anonymousScrapeIsRefusedWithABasicChallenge() {
		HttpResponse<String> response = http.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Basic realm=\"observability\", charset=\"UTF-8\"");
		assertThat(response.body()).doesNotContain("# TYPE");
	}

	@Test
	void wrongPasswordIsRefused() {
		assertThat(http.get("/actuator/prometheus", USER, PASSWORD + "x").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", "someone", PASSWORD).statusCode()).isEqualTo(401);
	}

	@Test
	void rightCredentialsGetThePrometheusBodyWithoutASession() {
		HttpResponse<String> response = http.get("/actuator/prometheus", USER, PASSWORD);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("# TYPE observability_scrape_auth_failures_total counter");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void everyProtectedEndpointAsksForTheScrapeCredentials() {
		assertThat(http.get("/actuator/metrics").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/metrics/jvm.threads.live").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/metrics", USER, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/metrics/jvm.threads.live", USER, PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void anEncodedEndpointPathIsNotAWayAround() {
		HttpResponse<String> response = http.get("/actuator/%70rometheus");
		assertThat(response.statusCode()).isNotEqualTo(200);
		assertThat(response.body()).doesNotContain("# HELP");
	}

	@Test
	void healthStaysOpenForProbes() {
		assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void theApplicationsUserCannotScrapeAndTheScrapeUserGetsNothingFromTheApplication() {
		assertThat(http.get("/actuator/prometheus", "bootuser", "bootpass").statusCode()).isEqualTo(401);
		assertThat(http.get("/api/hello", "bootuser", "bootpass").statusCode()).isEqualTo(200);
		assertThat(http.get("/api/hello", USER, PASSWORD).statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/info", USER, PASSWORD).statusCode()).isEqualTo(401);
	}

	@Test
	void failedAttemptsAreCounted() {
		ScrapeAuthFailures failures = context.getBean(ScrapeAuthFailures.class);
		double before = failures.count();
		http.get("/actuator/prometheus", USER, "nope");
		http.get("/actuator/prometheus", USER, "nope");
		assertThat(failures.count()).isEqualTo(before + 2);
		assertThat(http.get("/actuator/prometheus", USER, PASSWORD).body())
			.containsPattern("observability_scrape_auth_failures_total \\d+");
	}

	@Test
	void thousandWrongAttemptsGiveNoSuccess() throws Exception {
		List<String> guesses = new ArrayList<>(
				List.of("", PASSWORD.toUpperCase(), PASSWORD.substring(1), PASSWORD + " ", " " + PASSWORD,
						PASSWORD.substring(0, PASSWORD.length() - 1), "{noop}" + PASSWORD, "bootpass", USER));
		while (guesses.size() < 1_000) {
			guesses.add(PASSWORD + guesses.size());
		}
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (String guess : guesses) {
				statuses.add(clients.submit(() -> http.get("/actuator/prometheus", USER, guess).statusCode()));
			}
			int successes = 0;
			for (Future<Integer> status : statuses) {
				int code = status.get();
				assertThat(code).isEqualTo(401);
				successes += (code == 200) ? 1 : 0;
			}
			assertThat(successes).isZero();
		}
		finally {
			clients.shutdown();
		}
	}

	@Test
	void sensitiveTagValuesNeverReachThePrometheusBody() {
		String body = http.get("/actuator/prometheus", USER, PASSWORD).body();
		assertThat(body).contains("shop_signups_total{user_email=\"REDACTED\"} 1.0")
			.contains("shop_logins_total{client=\"REDACTED\"} 1.0")
			.doesNotContain("a@b.com")
			.doesNotContain(EndpointTestApplication.JWT)
			.doesNotContain("eyJ");
	}

	@Test
	void sensitiveTagValuesNeverReachTheMetricsEndpoint() {
		String signups = http.get("/actuator/metrics/shop.signups", USER, PASSWORD).body();
		assertThat(signups).contains("REDACTED").doesNotContain("a@b.com");
		String logins = http.get("/actuator/metrics/shop.logins", USER, PASSWORD).body();
		assertThat(logins).contains("REDACTED").doesNotContain("eyJ");
		assertThat(context.getBean(MeterRegistry.class).find("shop.signups").tag("user_email", "a@b.com").counter())
			.isNull();
	}

	@Test
	void statusTellsTheEndpointsAreProtectedByAConfiguredPassword() {
		EndpointSecurityStatus status = context.getBean(EndpointSecurityStatus.class);
		assertThat(status.protection()).isEqualTo(EndpointProtection.CONFIGURED_PASSWORD);
		assertThat(status.isProtected()).isTrue();
		assertThat(status.endpoints()).contains("prometheus", "metrics", "observability", "alertrules",
				"grafanadashboard");
	}

}
