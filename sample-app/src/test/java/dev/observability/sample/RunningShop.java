package dev.observability.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shop started the way a user starts it (its own application.yml), on a random loopback port
 * with known scrape credentials, and a plain HTTP client for it.
 */
final class RunningShop implements AutoCloseable {

	static final String SCRAPE_USER = "prometheus";

	static final String SCRAPE_PASSWORD = "scrape-secret";

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningShop(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Starts the shop; {@code properties} are added to (and win over) the test defaults.
	 */
	static RunningShop start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"observability.endpoint.auth.username=" + SCRAPE_USER,
				"observability.endpoint.auth.password=" + SCRAPE_PASSWORD));
		all.addAll(List.of(properties));
		return new RunningShop(new SpringApplicationBuilder(ShopApplication.class).properties(all.toArray(new String[0]))
			.run());
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	int port() {
		return this.port;
	}

	HttpResponse<String> get(String path) {
		return send("GET", path, null, Map.of());
	}

	HttpResponse<String> post(String path, String json) {
		return send("POST", path, json, Map.of());
	}

	/** GET with the scrape credentials, for the protected actuator endpoints. */
	HttpResponse<String> getWithScrapeAuth(String path, String accept) {
		String credentials = Base64.getEncoder()
			.encodeToString((SCRAPE_USER + ":" + SCRAPE_PASSWORD).getBytes(StandardCharsets.UTF_8));
		return send("GET", path, null, Map.of("Authorization", "Basic " + credentials, "Accept", accept));
	}

	/** The Prometheus scrape in the classic text format, which promtool reads. */
	String scrape() {
		HttpResponse<String> response = getWithScrapeAuth("/actuator/prometheus", "text/plain;version=0.0.4");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("scrape answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	HttpResponse<String> send(String method, String path, String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		headers.forEach(request::header);
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The count of a counter with exactly these tags, 0 when it does not exist (yet). */
	double count(String name, String... tags) {
		Counter counter = this.context.getBean(MeterRegistry.class).find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
