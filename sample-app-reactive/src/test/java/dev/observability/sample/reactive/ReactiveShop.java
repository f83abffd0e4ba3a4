package dev.observability.sample.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The reactive shop started the way a user starts it (its own application.yml), on a
 * random loopback port with known scrape credentials, and a {@link WebTestClient} bound
 * to that real server.
 */
final class ReactiveShop implements AutoCloseable {

	static final String SCRAPE_USER = "prometheus";

	static final String SCRAPE_PASSWORD = "scrape-secret";

	/** The text format promtool reads (it does not read OpenMetrics). */
	static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4");

	/**
	 * The {@code [traceId-spanId]} correlation Boot's console pattern puts on each line.
	 */
	private static final Pattern TRACE = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]");

	private final ConfigurableApplicationContext context;

	private final WebTestClient client;

	private ReactiveShop(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * Starts the shop; {@code properties} ({@code key=value}) are passed as command-line
	 * arguments, so they win over the shop's application.yml.
	 */
	static ReactiveShop start(String... properties) {
		return start((context) -> {
		}, properties);
	}

	/**
	 * Starts the shop with an initializer (for example to register test beans before
	 * refresh).
	 */
	static ReactiveShop start(ApplicationContextInitializer<ConfigurableApplicationContext> initializer,
			String... properties) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--observability.endpoint.auth.username=" + SCRAPE_USER);
		arguments.add("--observability.endpoint.auth.password=" + SCRAPE_PASSWORD);
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return new ReactiveShop(new SpringApplicationBuilder(ReactiveShopApplication.class).initializers(initializer)
			.run(arguments.toArray(new String[0])));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	/** GETs a path anonymously; the caller asserts on the exchange. */
	WebTestClient.ResponseSpec get(String path) {
		return this.client.get().uri(path).exchange();
	}

	/** POSTs to a path without a body; the caller asserts on the exchange. */
	WebTestClient.ResponseSpec post(String path) {
		return this.client.post().uri(path).exchange();
	}

	/** GETs a path with the given credentials of the scrape user. */
	WebTestClient.ResponseSpec getAsScrapeUser(String path, String password) {
		return this.client.get()
			.uri(path)
			.accept(PROMETHEUS_TEXT)
			.headers((headers) -> headers.setBasicAuth(SCRAPE_USER, password))
			.exchange();
	}

	/** POSTs an order; the caller asserts on the exchange. */
	WebTestClient.ResponseSpec order(String item, int quantity) {
		return this.client.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"item\":\"" + item + "\",\"quantity\":" + quantity + "}")
			.exchange();
	}

	/** The Prometheus scrape in the classic text format, with the scrape credentials. */
	String scrape() {
		return scrape(PROMETHEUS_TEXT);
	}

	/** The Prometheus scrape in the given content type, with the scrape credentials. */
	String scrape(MediaType contentType) {
		return this.client.get()
			.uri("/actuator/prometheus")
			.accept(contentType)
			.headers((headers) -> headers.setBasicAuth(SCRAPE_USER, SCRAPE_PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
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
		String line = logLine(consoleOutput, message);
		if (line == null) {
			return null;
		}
		Matcher matcher = TRACE.matcher(line);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** The first console line that contains {@code message}, or {@code null}. */
	static String logLine(String consoleOutput, String message) {
		for (String line : consoleOutput.split("\\R")) {
			if (line.contains(message)) {
				return line;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
