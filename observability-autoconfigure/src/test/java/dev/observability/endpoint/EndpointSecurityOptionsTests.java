package dev.observability.endpoint;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The credential options on a real server, alike on Tomcat and on Reactor Netty:
 * generated password, bcrypt (checked off the event loop on WebFlux), lock-out, and
 * explicitly open endpoints.
 */
@ExtendWith(OutputCaptureExtension.class)
class EndpointSecurityOptionsTests {

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void withoutAPasswordOneIsGeneratedAndLoggedOnceAtWarn(TestApps.Stack stack, CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.NONE,
				"observability.endpoint.auth.password=")) {
			// Plain or structured (JSON) log lines alike: the level and the message share
			// one line.
			Matcher generated = Pattern
				.compile("WARN.*Using generated password for the scrape endpoints "
						+ "\\(user 'prometheus'\\): ([A-Za-z0-9_-]{32})")
				.matcher(output.getOut());
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

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void bcryptPasswordIsAccepted(TestApps.Stack stack) {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("hunter2-Scrape");
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.BOOT_DEFAULT,
				"observability.endpoint.auth.password=" + hash)) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/prometheus", USER, "hunter2-Scrape").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/prometheus", USER, hash).statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/prometheus", USER, "hunter2").statusCode()).isEqualTo(401);
		}
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void repeatedFailuresLockTheAddressOutUntilTheCooldownEnds(TestApps.Stack stack) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.NONE,
				"observability.endpoint.auth.lockout.max-failures=3",
				"observability.endpoint.auth.lockout.duration=2s")) {
			TestHttp http = TestApps.http(context);
			for (int i = 0; i < 3; i++) {
				assertThat(http.get("/actuator/prometheus", USER, "wrong" + i).statusCode()).isEqualTo(401);
			}
			HttpResponse<String> locked = http.get("/actuator/prometheus", USER, PASSWORD);
			assertThat(locked.statusCode()).isEqualTo(429);
			assertThat(locked.headers().firstValue("Retry-After")).isPresent();
			assertThat(locked.body()).isEqualTo("Too many failed authentication attempts");
			assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(http.get("/api/hello").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> http.get("/actuator/prometheus", USER, PASSWORD).statusCode() == 200);
			assertThat(context.getBean(ScrapeAuthFailures.class).count()).isEqualTo(3);
		}
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void authCanBeSwitchedOffExplicitlyWithAWarning(TestApps.Stack stack, CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.BOOT_DEFAULT,
				"observability.endpoint.auth.enabled=false")) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThat(http.get("/api/hello").statusCode()).isEqualTo(401);
			assertThat(output.getOut()).containsPattern("WARN.*The scrape endpoints .* are open to anyone");
			assertThat(context.getBean(EndpointSecurityStatus.class).protection()).isEqualTo(EndpointProtection.OPEN);
		}
	}

	@Test
	void theWebFluxBasePathAndThePathMappingAreHonoured() {
		try (ConfigurableApplicationContext context = TestApps.start(TestApps.Stack.REACTIVE,
				TestApps.Security.PERMIT_ALL, "spring.webflux.base-path=/shop",
				"management.endpoints.web.base-path=/manage",
				"management.endpoints.web.path-mapping.prometheus=scrape")) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/shop/manage/scrape").statusCode()).isEqualTo(401);
			assertThat(http.get("/shop/manage/%73crape").statusCode()).isEqualTo(401);
			assertThat(http.get("/shop/manage/scrape", USER, PASSWORD).statusCode()).isEqualTo(200);
			assertThat(http.get("/shop/manage/scrape", USER, PASSWORD).body()).contains("# TYPE");
			assertThat(http.get("/shop/manage/health").statusCode()).isEqualTo(200);
			assertThat(http.get("/shop/api/hello").statusCode()).isEqualTo(200);
			assertThat(http.get("/manage/scrape").statusCode()).isEqualTo(404);
		}
	}

}
