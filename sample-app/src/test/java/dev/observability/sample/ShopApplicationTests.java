package dev.observability.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop as shipped, started the way a user starts it (its own application.yml), driven over
 * real HTTP: every endpoint is measured once with its route template and response code.
 */
class ShopApplicationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	private static int port;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1")
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
	void everyEndpointIsMeasuredWithItsRouteTemplateAndCode() throws Exception {
		assertThat(send("GET", "/api/users/1", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/users/999", null).statusCode()).isEqualTo(404);
		assertThat(send("POST", "/api/orders", "{\"item\":\"book\",\"quantity\":2}").statusCode()).isEqualTo(201);
		assertThat(send("POST", "/api/orders/424242/cancel", null).statusCode()).isEqualTo(409);
		assertThat(send("GET", "/api/boom", null).statusCode()).isEqualTo(500);
		assertThat(send("GET", "/no/such/page", null).statusCode()).isEqualTo(404);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(count("GET", "/api/users/{id}", "200")).isEqualTo(1);
			assertThat(count("GET", "/api/users/{id}", "404")).isEqualTo(1);
			assertThat(count("POST", "/api/orders", "201")).isEqualTo(1);
			assertThat(count("POST", "/api/orders/{id}/cancel", "409")).isEqualTo(1);
			assertThat(count("GET", "/api/boom", "500")).isEqualTo(1);
			assertThat(count("GET", "NOT_FOUND", "404")).isEqualTo(1);
		});
	}

	@Test
	void scrapeShowsTheContractNamesAndNotBootsDuplicateTimer() throws Exception {
		send("GET", "/api/users/2", null);
		String scrape = send("GET", "/actuator/prometheus", null).body();
		assertThat(scrape).contains("# TYPE http_requests_total counter")
			.contains("# TYPE http_request_duration_seconds histogram")
			.contains("http_requests_total{code=\"200\",method=\"GET\",route=\"/api/users/{id}\"}")
			.doesNotContain("http_server_requests_seconds");
	}

	private static double count(String method, String route, String code) {
		Counter counter = context.getBean(MeterRegistry.class)
			.find("http.requests")
			.tags("method", method, "route", route, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static HttpResponse<String> send(String method, String path, String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
