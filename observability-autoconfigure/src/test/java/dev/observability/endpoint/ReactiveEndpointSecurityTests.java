package dev.observability.endpoint;

import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.observability.endpoint.reactiveapp.ReactiveEndpointTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape endpoints of a real WebFlux application on Reactor Netty, in each of four
 * set-ups of the application's own security, driven anonymously and with credentials over
 * real HTTP.
 */
class ReactiveEndpointSecurityTests {

	/**
	 * Ways to spell the endpoint's path that a careless matcher would let through. They
	 * go on the wire exactly as written (no client normalizes them), each on a connection
	 * of its own.
	 */
	static final List<String> PATH_VARIANTS = List.of("/actuator/prometheus", "/actuator/prometheus/",
			"/actuator//prometheus", "/actuator/%70rometheus", "/actuator/prometheus;x=y", "/actuator;x=y/prometheus",
			"/ACTUATOR/PROMETHEUS", "/actuator/Prometheus", "/actuator/x/../prometheus", "/x/../actuator/prometheus",
			"/actuator/./prometheus", "/actuator/%2e%2e/actuator/prometheus", "/actuator/prometheus/..",
			"/actuator/prometheus%2F", "/actuator%2Fprometheus", "//actuator/prometheus",
			"/actuator/metrics/..%2F..%2Factuator%2Fprometheus");

	private static final Map<TestApps.Security, ConfigurableApplicationContext> contexts = new EnumMap<>(
			TestApps.Security.class);

	@AfterAll
	static void stop() {
		contexts.values().forEach(ConfigurableApplicationContext::close);
	}

	private static TestHttp http(TestApps.Security security) {
		return TestApps
			.http(contexts.computeIfAbsent(security, (setup) -> TestApps.start(TestApps.Stack.REACTIVE, setup)));
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void anonymousScrapeIsRefusedWithABasicChallenge(TestApps.Security security) {
		HttpResponse<String> response = http(security).get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Basic realm=\"observability\", charset=\"UTF-8\"");
		assertThat(response.body()).isEqualTo("Unauthorized").doesNotContain("# TYPE");
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void noSpellingOfTheEndpointPathAnswersMetricsAnonymously(TestApps.Security security) {
		TestHttp http = http(security);
		for (String path : PATH_VARIANTS) {
			TestHttp.RawResponse response = http.rawGet(path);
			assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
			assertThat(response.body()).as(path).doesNotContain("# HELP").doesNotContain("# TYPE");
		}
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void theScrapeUserGetsMetricsWithTheScrapeAuthorityAndNoSession(TestApps.Security security) {
		HttpResponse<String> response = http(security).get("/actuator/prometheus", USER, PASSWORD);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("# TYPE observability_scrape_auth_failures_total counter");
		assertThat(response.headers().firstValue(ReactiveEndpointTestApplication.AUTHORITIES_HEADER))
			.hasValue(ScrapeAuthenticationFilter.AUTHORITY);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(http(security).get("/actuator/prometheus/", USER, PASSWORD).statusCode()).isNotEqualTo(401);
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void wrongCredentialsAndTheApplicationsUsersAreRefused(TestApps.Security security) {
		TestHttp http = http(security);
		assertThat(http.get("/actuator/prometheus", USER, PASSWORD + "x").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", "someone", PASSWORD).statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", "alice", "wonderland").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", "bootuser", "bootpass").statusCode()).isEqualTo(401);
		assertThat(http.send("/actuator/prometheus", "Basic !!not-base64").statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void everyProtectedEndpointAsksForTheScrapeCredentialsAndHealthStaysOpen(TestApps.Security security) {
		TestHttp http = http(security);
		assertThat(http.get("/actuator/metrics").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/metrics/jvm.threads.live").statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/metrics", USER, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/metrics/jvm.threads.live", USER, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void theApplicationsOwnSecurityKeepsWorking(TestApps.Security security) {
		TestHttp http = http(security);
		HttpResponse<String> anonymous = http.get("/api/hello");
		switch (security) {
			case NONE, PERMIT_ALL, OWN_CHAIN -> {
				assertThat(anonymous.statusCode()).isEqualTo(200);
				assertThat(anonymous.headers().firstValue(ReactiveEndpointTestApplication.AUTHORITIES_HEADER))
					.hasValue("none");
			}
			case BOOT_DEFAULT -> {
				// With the actuator, Spring Boot's reactive default denies every user
				// (its
				// denyAllAuthenticationManager), with or without the starter.
				assertThat(anonymous.statusCode()).isEqualTo(401);
				assertThat(http.get("/api/hello", USER, PASSWORD).statusCode()).isEqualTo(401);
			}
		}
		if (security == TestApps.Security.OWN_CHAIN) {
			assertThat(http.get("/private/data").statusCode()).isEqualTo(401);
			HttpResponse<String> alice = http.get("/private/data", "alice", "wonderland");
			assertThat(alice.statusCode()).isEqualTo(200);
			assertThat(alice.body()).isEqualTo("private");
			assertThat(alice.headers().firstValue(ReactiveEndpointTestApplication.AUTHORITIES_HEADER))
				.hasValue("ROLE_USER");
			assertThat(http.get("/private/data", USER, PASSWORD).statusCode()).isEqualTo(401);
		}
	}

	@ParameterizedTest
	@EnumSource(TestApps.Security.class)
	void failedAttemptsAreCounted(TestApps.Security security) {
		TestHttp http = http(security);
		ScrapeAuthFailures failures = contexts.get(security).getBean(ScrapeAuthFailures.class);
		double before = failures.count();
		http.get("/actuator/prometheus", USER, "nope");
		http.get("/actuator/prometheus", USER, "nope");
		http.get("/actuator/prometheus");
		assertThat(failures.count()).isEqualTo(before + 2);
	}

}
