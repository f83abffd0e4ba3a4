package dev.observability.sample;

import java.net.http.HttpResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order flow calls the inventory gRPC service served by the same application on its
 * own (random) port: one request is one trace across HTTP, the gRPC client and the gRPC
 * server, and both gRPC sides are measured with the status the client saw.
 */
@ExtendWith(OutputCaptureExtension.class)
class InventoryGrpcTests {

	private static final String SERVICE = "shop.inventory.InventoryService";

	private static RunningShop shop;

	@BeforeAll
	static void start() {
		shop = RunningShop.start("management.tracing.sampling.probability=1.0");
	}

	@AfterAll
	static void stop() {
		if (shop != null) {
			shop.close();
		}
	}

	@Test
	void placingAnOrderReservesStockOverGrpcInTheSameTrace(CapturedOutput output) {
		assertThat(shop.post("/api/orders", "{\"item\":\"lamp\",\"quantity\":3}").statusCode()).isEqualTo(201);
		assertThat(count("grpc.client.requests", "Reserve", "OK")).isEqualTo(1);
		await().untilAsserted(() -> assertThat(count("grpc.server.requests", "Reserve", "OK")).isEqualTo(1));
		String placed = RunningShop.traceIdOfLogLine(output.getOut(), "Placed order");
		assertThat(placed).isNotNull();
		assertThat(RunningShop.traceIdOfLogLine(output.getOut(), "Reserved 3 x lamp")).isEqualTo(placed);
	}

	@Test
	void outOfStockIsTheStatusTheApplicationsHandlerChose() {
		HttpResponse<String> response = shop.post("/api/orders", "{\"item\":\"piano\",\"quantity\":5000}");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).contains("FAILED_PRECONDITION");
		assertThat(count("grpc.client.requests", "Reserve", "FAILED_PRECONDITION")).isEqualTo(1);
		await().untilAsserted(
				() -> assertThat(count("grpc.server.requests", "Reserve", "FAILED_PRECONDITION")).isEqualTo(1));
		assertThat(shop.context()
			.getBean(MeterRegistry.class)
			.find("errors")
			.tags("source", "grpc", "type", "handled", "exception", "OutOfStockException")
			.counter()).isNotNull();
	}

	@Test
	void warehouseTimeoutIsClassifiedAsDeadlineExceeded() {
		HttpResponse<String> response = shop.post("/api/inventory/lamp/restock", null);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).doesNotContain("warehouse did not answer");
		assertThat(count("grpc.client.requests", "Restock", "DEADLINE_EXCEEDED")).isEqualTo(1);
		await().untilAsserted(
				() -> assertThat(count("grpc.server.requests", "Restock", "DEADLINE_EXCEEDED")).isEqualTo(1));
		Counter panics = shop.context()
			.getBean(MeterRegistry.class)
			.find("errors")
			.tags("source", "grpc", "type", "panic", "code", "DEADLINE_EXCEEDED", "exception", "SocketTimeoutException")
			.counter();
		assertThat(panics).isNotNull();
		assertThat(panics.count()).isEqualTo(1);
	}

	private static double count(String name, String method, String code) {
		return shop.count(name, "service", SERVICE, "method", method, "code", code);
	}

}
