package dev.observability.endpoint;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import dev.observability.doctor.PitfallAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every exposed actuator endpoint ({@code include=*}) of a real application without
 * security of its own, on Tomcat and on Reactor Netty: all but health and info need
 * credentials, writes too, and with an operator user the scrape user can only scrape.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActuatorEndpointProtectionTests {

	private static final String OPERATOR = "ops-admin";

	private static final String OPERATOR_PASSWORD = "0perator-Secret";

	private static final String LEVEL_TRACE = "{\"configuredLevel\":\"TRACE\"}";

	private static final Map<TestApps.Stack, ConfigurableApplicationContext> contexts = new EnumMap<>(
			TestApps.Stack.class);

	@AfterAll
	static void stop() {
		contexts.values().forEach(ConfigurableApplicationContext::close);
	}

	private static ConfigurableApplicationContext context(TestApps.Stack stack) {
		return contexts.computeIfAbsent(stack,
				(key) -> TestApps.start(key, TestApps.Security.NONE, "management.endpoints.web.exposure.include=*",
						"observability.endpoint.auth.operator.username=" + OPERATOR,
						"observability.endpoint.auth.operator.password=" + OPERATOR_PASSWORD,
						"observability.endpoint.auth.lockout.enabled=false",
						"management.endpoint.heapdump.access=unrestricted"));
	}

	private static TestHttp http(TestApps.Stack stack) {
		return TestApps.http(context(stack));
	}

	/** Every exposed endpoint but health and info, with its path. */
	private static Map<String, String> sensitiveEndpoints(ConfigurableApplicationContext context) {
		PathMappedEndpoints endpoints = context.getBean(PathMappedEndpoints.class);
		Map<String, String> sensitive = new java.util.TreeMap<>();
		for (PathMappedEndpoint endpoint : endpoints) {
			String id = ((ExposableEndpoint<?>) endpoint).getEndpointId().toString();
			if (!id.equals("health") && !id.equals("info")) {
				sensitive.put(id, endpoints.getPath(((ExposableEndpoint<?>) endpoint).getEndpointId()));
			}
		}
		return sensitive;
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void everyExposedEndpointButHealthAndInfoNeedsCredentialsAndAnswersTheOperator(TestApps.Stack stack) {
		TestHttp http = http(stack);
		Map<String, String> sensitive = sensitiveEndpoints(context(stack));
		assertThat(sensitive).containsKeys("env", "beans", "configprops", "threaddump", "heapdump", "loggers",
				"mappings", "conditions", "scheduledtasks", "sbom", "shop", "prometheus", "metrics");
		sensitive.forEach((id, path) -> {
			HttpResponse<String> anonymous = http.get(path);
			assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path)
				.hasValue("Basic realm=\"observability\", charset=\"UTF-8\"");
			if (!id.equals("heapdump")) {
				assertThat(http.get(path, OPERATOR, OPERATOR_PASSWORD).statusCode()).as(path).isEqualTo(200);
			}
		});
		assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/info").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void anonymousLoggerWriteIsRefusedAndTheLevelStaysAsItWas(TestApps.Stack stack) {
		TestHttp http = http(stack);
		String before = http.get("/actuator/loggers/ROOT", OPERATOR, OPERATOR_PASSWORD).body();
		HttpResponse<String> write = http.post("/actuator/loggers/ROOT", LEVEL_TRACE);
		assertThat(write.statusCode()).isEqualTo(401);
		String after = http.get("/actuator/loggers/ROOT", OPERATOR, OPERATOR_PASSWORD).body();
		assertThat(after).isEqualTo(before).doesNotContain("TRACE");
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void theScrapeUserScrapesButCannotChangeLogLevelsNorReadTheEnvironment(TestApps.Stack stack) {
		TestHttp http = http(stack);
		assertThat(http.get("/actuator/prometheus", USER, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/metrics", USER, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(http.post("/actuator/loggers/ROOT", LEVEL_TRACE, USER, PASSWORD).statusCode()).isEqualTo(403);
		assertThat(http.get("/actuator/loggers/ROOT", OPERATOR, OPERATOR_PASSWORD).body()).doesNotContain("TRACE");
		assertThat(http.get("/actuator/env", USER, PASSWORD).statusCode()).isEqualTo(403);
		assertThat(http.get("/actuator/loggers", USER, PASSWORD).statusCode()).isEqualTo(403);
		String logger = "/actuator/loggers/dev.observability.endpoint.written";
		assertThat(http.post(logger, "{\"configuredLevel\":\"DEBUG\"}", OPERATOR, OPERATOR_PASSWORD).statusCode())
			.isEqualTo(204);
		assertThat(http.get(logger, OPERATOR, OPERATOR_PASSWORD).body()).contains("\"configuredLevel\":\"DEBUG\"");
		assertThat(http.post(logger, "{\"configuredLevel\":\"DEBUG\"}", OPERATOR, "wrong").statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void noSpellingOfASensitiveEndpointsPathAnswersAnonymously(TestApps.Stack stack) {
		TestHttp http = http(stack);
		List<String> variants = new ArrayList<>();
		for (String variant : ReactiveEndpointSecurityTests.PATH_VARIANTS) {
			variants.add(variant.replace("prometheus", "env")
				.replace("Prometheus", "Env")
				.replace("PROMETHEUS", "ENV")
				.replace("%70rometheus", "%65nv"));
			variants.add(variant.replace("prometheus", "threaddump").replace("%70rometheus", "%74hreaddump"));
		}
		for (String path : variants) {
			TestHttp.RawResponse response = http.rawGet(path);
			assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
			assertThat(response.body()).as(path).doesNotContain("propertySources").doesNotContain("threads");
		}
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void theReportFindsNoSensitiveEndpointOpen(TestApps.Stack stack) {
		Finding finding = PitfallAssertions.reportOf(context(stack)).finding("endpoint.sensitive-open").orElseThrow();
		assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("env", "beans", "loggers", "heapdump", "shop").doesNotContain("health");
	}

	@ParameterizedTest
	@EnumSource(TestApps.Stack.class)
	void anEndpointOpenedByNameAnswersAnyoneAndTheReportFailsNamingIt(TestApps.Stack stack, CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApps.start(stack, TestApps.Security.NONE,
				"management.endpoints.web.exposure.include=*", "management.endpoint.heapdump.access=unrestricted",
				"observability.endpoint.auth.open-endpoints=health,info,env,heapdump")) {
			TestHttp http = TestApps.http(context);
			assertThat(http.get("/actuator/env").statusCode()).isEqualTo(200);
			assertThat(http.post("/actuator/env", "{\"name\":\"a\",\"value\":\"b\"}").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/beans").statusCode()).isEqualTo(401);
			assertThat(http.get("/actuator/beans", USER, PASSWORD).statusCode()).isEqualTo(200);
			assertThat(http.post("/actuator/loggers/ROOT", LEVEL_TRACE).statusCode()).isEqualTo(401);
			Finding finding = PitfallAssertions.reportOf(context).finding("endpoint.sensitive-open").orElseThrow();
			assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
			assertThat(finding.message()).contains("env (/actuator/env answered 200)")
				.contains("heapdump (OPTIONS /actuator/heapdump answered 200)")
				.doesNotContain("beans (");
			assertThat(finding.fix()).contains("observability.endpoint.auth.open-endpoints");
			assertThat(output.getOut()).containsPattern("INFO.*Actuator endpoints open to anyone: .*env")
				.containsPattern("need credentials: .*beans.* for the scrape user 'prometheus'");
		}
	}

}
