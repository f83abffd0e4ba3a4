package dev.observability.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work an order hands to other threads (the stock and price fan-out, the asynchronous
 * confirmation) and to the pricing API over HTTP logs with the trace id of the request
 * that placed the order.
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncTraceContextTests {

	@Test
	void fanOutAndConfirmationLogLinesCarryTheOrderRequestsTraceId(CapturedOutput output) {
		try (RunningShop shop = RunningShop.start("management.tracing.sampling.probability=1.0")) {
			assertThat(shop.post("/api/orders", "{\"item\":\"teapot\",\"quantity\":2}").statusCode()).isEqualTo(201);
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("Sent confirmation for order"));
			String placed = RunningShop.traceIdOfLogLine(output.getOut(), "Placed order");
			assertThat(placed).isNotNull();
			assertThat(RunningShop.traceIdOfLogLine(output.getOut(), "Stock checked for 2 x teapot")).isEqualTo(placed);
			assertThat(RunningShop.traceIdOfLogLine(output.getOut(), "Price quoted for 2 x teapot")).isEqualTo(placed);
			// The pricing API, reached over HTTP, continues the order's trace.
			assertThat(RunningShop.traceIdOfLogLine(output.getOut(), "Pricing 2 x teapot")).isEqualTo(placed);
			assertThat(RunningShop.traceIdOfLogLine(output.getOut(), "Sent confirmation for order")).isEqualTo(placed);
		}
	}

}
