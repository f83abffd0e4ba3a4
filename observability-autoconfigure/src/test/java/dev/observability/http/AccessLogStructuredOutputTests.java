package dev.observability.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.observability.http.reactiveapp.ReactiveHttpTestApplication;
import dev.observability.http.testapp.HttpTestApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log line, written as ECS JSON by Boot's structured logging, carries the same
 * field names and values as the request's metric labels.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogStructuredOutputTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void accessLogJsonFieldsEqualTheMetricLabels(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HttpTestApplication.class)
			.properties(properties("servlet"))
			.run()) {
			assertAccessLinesEqualTheMetricLabels(context, output);
		}
	}

	@Test
	void accessLogJsonFieldsEqualTheMetricLabelsOnWebFlux(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveHttpTestApplication.class)
			.properties(properties("reactive"))
			.run()) {
			assertAccessLinesEqualTheMetricLabels(context, output);
		}
	}

	private static String[] properties(String stack) {
		return new String[] { "spring.main.web-application-type=" + stack, "server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "logging.structured.format.console=ecs",
				"observability.http.access-log.mode=all", "management.tracing.sampling.probability=1.0" };
	}

	private static void assertAccessLinesEqualTheMetricLabels(ConfigurableApplicationContext context,
			CapturedOutput output) {
		TestHttp http = new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort());
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		for (String path : List.of("/api/users/7", "/api/users/700", "/api/boom", "/api/private/3", "/nowhere")) {
			http.get(path);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLines(output)).hasSize(5));
		for (JsonNode line : accessLines(output)) {
			Map<String, String> labels = Map.of("method", line.get("method").asString(), "route",
					line.get("route").asString(), "code", line.get("code").asString());
			Counter counter = registry.find(HttpRequestMetrics.REQUESTS)
				.tags("method", labels.get("method"), "route", labels.get("route"), "code", labels.get("code"))
				.counter();
			assertThat(counter).as("series for access log line %s", line).isNotNull();
			assertThat(counter.count()).isEqualTo(1);
			assertThat(line.get("duration_seconds").asString()).matches("\\d+\\.\\d+(E-\\d+)?");
			assertThat(line.get("traceId").asString()).matches("[0-9a-f]{32}");
		}
		assertThat(accessLines(output)).extracting((line) -> line.get("route").asString())
			.containsExactlyInAnyOrder("/api/users/{id}", "/api/users/{id}", "/api/boom", "/api/private/{id}",
					"NOT_FOUND");
	}

	private static List<JsonNode> accessLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains("\"" + AccessLogWriter.LOGGER_NAME + "\""))
			.map(json::readTree)
			.toList();
	}

}
