package dev.observability.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order flow calls the inventory gRPC service served by the same application on its own
 * (random) port: one request is one trace across HTTP, the gRPC client and the gRPC server, and
 * both gRPC sides are measured with the status the client saw.
 */
@ExtendWith(OutputCaptureExtension.class)
class InventoryGrpcTests {

	private static final String SERVICE = "shop.inventory.InventoryService";

	private static final Pattern TRACE = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]");

	private static ConfigurableApplicationContext context;

	private static int port;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0")
			.run();
		port = context.getEnvironment().getProperty("local.server.port", Integer.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void placingAnOrderReservesStockOverGrpcInTheSameTrace(CapturedOutput output) throws Exception {
		assertThat(post("/api/orders", "{\"item\":\"lamp\",\"quantity\":3}").statusCode()).isEqualTo(201);
		assertThat(count("grpc.client.requests", "Reserve", "OK")).isEqualTo(1);
		await().untilAsserted(() -> assertThat(count("grpc.server.requests", "Reserve", "OK")).isEqualTo(1));
		String placed = traceIdOf(output, "Placed order");
		assertThat(placed).isNotNull();
		assertThat(traceIdOf(output, "Reserved 3 x lamp")).isEqualTo(placed);
	}

	@Test
	void outOfStockIsTheStatusTheApplicationsHandlerChose() throws Exception {
		HttpResponse<String> response = post("/api/orders", "{\"item\":\"piano\",\"quantity\":5000}");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).contains("FAILED_PRECONDITION");
		assertThat(count("grpc.client.requests", "Reserve", "FAILED_PRECONDITION")).isEqualTo(1);
		await().untilAsserted(
				() -> assertThat(count("grpc.server.requests", "Reserve", "FAILED_PRECONDITION")).isEqualTo(1));
		assertThat(context.getBean(MeterRegistry.class)
			.find("errors")
			.tags("source", "grpc", "type", "handled", "exception", "OutOfStockException")
			.counter()).isNotNull();
	}

	@Test
	void warehouseTimeoutIsClassifiedAsDeadlineExceeded() throws Exception {
		HttpResponse<String> response = post("/api/inventory/lamp/restock", null);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).doesNotContain("warehouse did not answer");
		assertThat(count("grpc.client.requests", "Restock", "DEADLINE_EXCEEDED")).isEqualTo(1);
		await().untilAsserted(
				() -> assertThat(count("grpc.server.requests", "Restock", "DEADLINE_EXCEEDED")).isEqualTo(1));
		Counter panics = context.getBean(MeterRegistry.class)
			.find("errors")
			.tags("source", "grpc", "type", "panic", "code", "DEADLINE_EXCEEDED", "exception",
					"SocketTimeoutException")
			.counter();
		assertThat(panics).isNotNull();
		assertThat(panics.count()).isEqualTo(1);
	}

	private static double count(String name, String method, String code) {
		Counter counter = context.getBean(MeterRegistry.class)
			.find(name)
			.tags("service", SERVICE, "method", method, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static HttpResponse<String> post(String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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
