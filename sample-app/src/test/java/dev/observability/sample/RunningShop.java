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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shop started the way a user starts it (its own application.yml), on a random
 * loopback port with known scrape credentials, and a plain HTTP client for it.
 */
final class RunningShop implements AutoCloseable {

	static final String SCRAPE_USER = "prometheus";

	static final String SCRAPE_PASSWORD = "scrape-secret";

	/**
	 * The {@code [traceId-spanId]} correlation Boot's console pattern puts on each line.
	 */
	private static final Pattern TRACE = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]");

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningShop(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Starts the shop; {@code properties} ({@code key=value}) are added to the test
	 * defaults. They are passed as command-line arguments, so they win over the shop's
	 * application.yml.
	 */
	static RunningShop start(String... properties) {
		return start((context) -> {
		}, properties);
	}

	/**
	 * Starts the shop with an initializer (for example to register test beans before
	 * refresh).
	 */
	static RunningShop start(ApplicationContextInitializer<ConfigurableApplicationContext> initializer,
			String... properties) {
		List<String> arguments = new ArrayList<>();
		for (String property : List.of("server.port=0", "server.address=127.0.0.1",
				"observability.endpoint.auth.username=" + SCRAPE_USER,
				"observability.endpoint.auth.password=" + SCRAPE_PASSWORD)) {
			arguments.add("--" + property);
		}
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return new RunningShop(new SpringApplicationBuilder(ShopApplication.class).initializers(initializer)
			.run(arguments.toArray(new String[0])));
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

	/**
	 * Sends one request to every shop endpoint, failing paths included: a user found and
	 * not found, an order placed and cancelled twice (the second is a 409), a panic and
	 * an unknown path.
	 */
	void driveEveryEndpoint() {
		get("/api/users/1");
		get("/api/users/999");
		post("/api/orders", "{\"item\":\"book\",\"quantity\":2}");
		post("/api/orders/1/cancel", null);
		post("/api/orders/1/cancel", null);
		get("/api/boom");
		get("/no/such/page");
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
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
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

	/**
	 * The trace id on the first console line that contains {@code message}, or
	 * {@code null}.
	 */
	static String traceIdOfLogLine(String consoleOutput, String message) {
		for (String line : consoleOutput.split("\\R")) {
			if (line.contains(message)) {
				Matcher matcher = TRACE.matcher(line);
				return matcher.find() ? matcher.group(1) : null;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
