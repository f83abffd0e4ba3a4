package dev.observability.doctor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.observability.doctor.testapp.DoctorTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application on Tomcat: the {@code observability} endpoint answers the report as
 * JSON to the scraper's credentials only, and startup logs one WARN line naming the open
 * findings.
 */
@ExtendWith(OutputCaptureExtension.class)
class PitfallReportIntegrationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@Test
	void endpointAnswersTheReportBehindTheScrapeCredentials(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> anonymous = get(port, null);
			assertThat(anonymous.statusCode()).isEqualTo(401);
			HttpResponse<String> scraper = get(port, "prometheus:s3cret");
			assertThat(scraper.statusCode()).isEqualTo(200);
			assertThat(scraper.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).contains("json"));
			assertThat(scraper.body()).contains("\"summary\":\"Pitfall report: ")
				.contains("{\"id\":\"endpoint.scrape-auth\",\"pitfall\":\"hardening\"")
				.contains("\"id\":\"tracing.sampling\"")
				.contains("\"id\":\"http.filter-order\"");
			assertThat(PitfallAssertions.reportOf(context).finding("endpoint.scrape-auth"))
				.hasValueSatisfying((finding) -> assertThat(finding.severity()).isEqualTo(FindingSeverity.OK));
		}
	}

	@Test
	void startupLogsOneWarnLineNamingTheOpenFindings(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			PitfallReport report = PitfallAssertions.reportOf(context);
			assertThat(report.openIds()).contains("tracing.sampling", "tracing.export");
			String line = output.getOut()
				.lines()
				.filter((candidate) -> candidate.contains("Pitfall report:"))
				.reduce((first, second) -> first + "\n" + second)
				.orElseThrow();
			assertThat(line).doesNotContain("\n")
				.contains("WARN")
				.contains("tracing.sampling, ")
				.contains("tracing.export")
				.contains("/actuator/observability");
		}
	}

	@Test
	void startupLineCanBeSwitchedOff(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("observability.doctor.log-on-startup=false")) {
			assertThat(context.isActive()).isTrue();
			assertThat(output.getOut()).doesNotContain("Pitfall report:");
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		return new SpringApplicationBuilder(DoctorTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=doctor",
					"management.endpoints.web.exposure.include=observability",
					"observability.endpoint.auth.password=s3cret")
			.properties(extra)
			.run();
	}

	private static HttpResponse<String> get(int port, String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/observability"))
			.GET();
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
