package dev.observability.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work an order hands to other threads (the stock and price fan-out, the asynchronous
 * confirmation) logs with the trace id of the request that placed the order.
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncTraceContextTests {

	private static final Pattern TRACE = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]");

	@Test
	void fanOutAndConfirmationLogLinesCarryTheOrderRequestsTraceId(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0")
			.run()) {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"teapot\",\"quantity\":2}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("Sent confirmation for order"));
			String placed = traceIdOf(output, "Placed order");
			assertThat(placed).isNotNull();
			assertThat(traceIdOf(output, "Stock checked for 2 x teapot")).isEqualTo(placed);
			assertThat(traceIdOf(output, "Price quoted for 2 x teapot")).isEqualTo(placed);
			assertThat(traceIdOf(output, "Sent confirmation for order")).isEqualTo(placed);
		}
	}

	private static String traceIdOf(CapturedOutput output, String message) {
		for (String line : output.getOut().split("\\R")) {
			if (line.contains(message)) {
				Matcher matcher = TRACE.matcher(line);
				return matcher.find() ? matcher.group(1) : null;
			}
		}
		return null;
	}

}
