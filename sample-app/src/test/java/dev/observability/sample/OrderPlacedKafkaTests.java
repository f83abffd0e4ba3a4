package dev.observability.sample;

import java.time.Duration;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.observability.sample.messaging.InProcessKafkaBroker;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each order placed is published as an {@code order-placed} record and consumed by the
 * shop's own listener, in the trace of the HTTP request that placed it, on the broker the
 * shop starts in-process when none is configured, or on the configured one.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderPlacedKafkaTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String LISTENER = "dev.observability.sample.messaging.OrderPlacedListener";

	@Test
	void orderPlacedRecordIsConsumedInTheTraceOfTheRequestThatPlacedTheOrder(CapturedOutput output) {
		try (RunningShop shop = RunningShop.start()) {
			assertThat(shop.context().getBeansOfType(KafkaClusterTestKit.class)).hasSize(1);
			ListAppender<ILoggingEvent> listenerLines = capture(LISTENER);
			assertThat(shop.post("/api/orders", "{\"item\":\"kettle\",\"quantity\":3}").statusCode()).isEqualTo(201);
			await().atMost(WAIT).until(() -> output.getOut().contains("Order 1 placed: 3 x kettle"));
			String request = RunningShop.traceIdOfLogLine(output.getOut(), "Placed order 1 for 3 x kettle");
			assertThat(request).isNotNull();
			assertThat(RunningShop.traceIdOfLogLine(output.getOut(), "Order 1 placed: 3 x kettle")).isEqualTo(request);
			Map<String, String> mdc = listenerLines.list.get(0).getMDCPropertyMap();
			assertThat(mdc).containsEntry("traceId", request)
				.containsEntry("system", "kafka")
				.containsEntry("destination", "order-placed")
				.containsEntry("group", "shop");
			await().atMost(WAIT)
				.until(() -> shop.count("messaging.process", "destination", "order-placed", "group", "shop", "code",
						"OK") == 1);
			assertThat(shop.count("messaging.publish", "system", "kafka", "destination", "order-placed", "code", "OK"))
				.isEqualTo(1);
		}
	}

	@Test
	void withBootstrapServersSetTheShopUsesThatBrokerAndStartsNone(CapturedOutput output) throws Exception {
		KafkaClusterTestKit broker = InProcessKafkaBroker.start();
		try (RunningShop shop = RunningShop.start("spring.kafka.bootstrap-servers=" + broker.bootstrapServers())) {
			assertThat(shop.context().getBeansOfType(KafkaClusterTestKit.class)).isEmpty();
			assertThat(shop.post("/api/orders", "{\"item\":\"mug\",\"quantity\":1}").statusCode()).isEqualTo(201);
			await().atMost(WAIT).until(() -> output.getOut().contains("Order 1 placed: 1 x mug"));
		}
		finally {
			broker.close();
		}
	}

	private static ListAppender<ILoggingEvent> capture(String loggerName) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
		return appender;
	}

}
