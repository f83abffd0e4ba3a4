package dev.observability.endpoint;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The credential options on a real server: generated password, bcrypt, lock-out, and explicitly
 * open endpoints.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityOptionsTests {

	@Test
	void withoutAPasswordOneIsGeneratedAndLoggedOnceAtWarn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApps.start(TestApps.Security.NONE,
				"observability.endpoint.auth.password=")) {
			// Plain or structured (JSON) log lines alike: the level and the message share one line.
			Matcher generated = Pattern.compile("WARN.*Using generated password for the scrape endpoints "
					+ "\\(user 'prometheus'\\): ([A-Za-z0-9_-]{32})").matcher(output.getOut());
			assertThat(generated.find()).isTrue();
			String password = generated.group(1);
			assertThat(generated.find()).isFalse();
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/prometheus", USER, "").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/prometheus", USER, password).statusCode()).isEqualTo(200);
			assertThat(context.getBean(EndpointSecurityStatus.class).protection())
				.isEqualTo(EndpointProtection.GENERATED_PASSWORD);
		}
	}

	@Test
	void bcryptPasswordIsAccepted() {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("hunter2-Scrape");
		try (ConfigurableApplicationContext context = TestApps.start(TestApps.Security.BOOT_DEFAULT,
				"observability.endpoint.auth.password=" + hash)) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/prometheus", USER, "hunter2-Scrape").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/prometheus", USER, hash).statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/prometheus", USER, "hunter2").statusCode()).isEqualTo(401);
		}
	}

	@Test
	void repeatedFailuresLockTheAddressOutUntilTheCooldownEnds() {
		try (ConfigurableApplicationContext context = TestApps.start(TestApps.Security.NONE,
				"observability.endpoint.auth.lockout.max-failures=3",
				"observability.endpoint.auth.lockout.duration=2s")) {
			TestHttp http = TestApps.http(context);
			for (int i = 0; i < 3; i++) {
				assertThat(http.get("/actuator/prometheus", USER, "wrong" + i).statusCode()).isEqualTo(401);
			}
			HttpResponse<String> locked = http.get("/actuator/prometheus", USER, PASSWORD);
			assertThat(locked.statusCode()).isEqualTo(429);
			assertThat(locked.headers().firstValue("Retry-After")).isPresent();
			assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(http.get("/api/hello").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> http.get("/actuator/prometheus", USER, PASSWORD).statusCode() == 200);
			assertThat(context.getBean(ScrapeAuthFailures.class).count()).isEqualTo(3);
		}
	}

	@Test
	void authCanBeSwitchedOffExplicitlyWithAWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApps.start(TestApps.Security.BOOT_DEFAULT,
				"observability.endpoint.auth.enabled=false")) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThat(http.get("/api/hello").statusCode()).isEqualTo(401);
			assertThat(output.getOut()).containsPattern("WARN.*The scrape endpoints .* are open to anyone");
			assertThat(context.getBean(EndpointSecurityStatus.class).protection()).isEqualTo(EndpointProtection.OPEN);
		}
	}

}
