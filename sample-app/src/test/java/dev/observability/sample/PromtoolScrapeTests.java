package dev.observability.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's whole scrape, after traffic through every endpoint, passes the real
 * {@code promtool check metrics} with zero findings.
 */
class PromtoolScrapeTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@Test
	void wholeScrapePassesPromtoolWithZeroFindings() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			send(port, "GET", "/api/users/1", null);
			send(port, "GET", "/api/users/999", null);
			send(port, "POST", "/api/orders", "{\"item\":\"book\",\"quantity\":2}");
			send(port, "POST", "/api/orders/1/cancel", null);
			send(port, "POST", "/api/orders/1/cancel", null);
			send(port, "GET", "/api/boom", null);
			send(port, "GET", "/no/such/page", null);
			send(port, "GET", "/actuator/health", null);
			String scrape = scrape(port);
			assertThat(scrape).contains("http_requests_total").contains("process_cpu_seconds_total");

			Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
			process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().close();
			String findings = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(findings).as("promtool findings").isEmpty();
			assertThat(process.exitValue()).isZero();
		}
	}

	private static String scrape(int port) throws IOException, InterruptedException {
		// promtool reads the classic text format, not OpenMetrics.
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
			.header("Accept", "text/plain;version=0.0.4")
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static void send(int port, String method, String path, String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		client.send(request.build(), HttpResponse.BodyHandlers.discarding());
	}

}
