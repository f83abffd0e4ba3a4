package dev.observability.messaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.observability.sample.support.ExternalTool;
import dev.observability.messaging.testapp.KafkaTestApplication;
import dev.observability.messaging.testapp.KafkaTestApplication.Received;
import dev.observability.messaging.observedapp.ObservedKafkaApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The instrumentation in a real Spring Boot Kafka application against a real Kafka broker
 * in KRaft mode, started in-process on a random port, one broker for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaObservabilityIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static KafkaBrokers.Broker broker;

	private static ConfigurableApplicationContext context;

	private static MeterRegistry registry;

	private static KafkaTemplate<Object, Object> template;

	private static Tracer tracer;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void startBrokerAndApplication() {
		broker = KafkaBrokers.start();
		context = KafkaBrokers.application(broker, KafkaTestApplication.class).run();
		registry = context.getBean(MeterRegistry.class);
		template = context.getBean(KafkaTemplate.class);
		tracer = context.getBean(Tracer.class);
	}

	@AfterAll
	static void stopApplicationAndBroker() {
		if (context != null) {
			context.close();
		}
		if (broker != null) {
			broker.stop();
		}
	}

	@BeforeEach
	void clearSpansAndReceived() {
		KafkaTestApplication.SPANS.reset();
		KafkaTestApplication.RECEIVED.clear();
	}

	@Test
	void listenerContinuesTheSendersTraceWithOneConsumerSpanChildOfTheProducerSpan() throws Exception {
		double published = count(MessagingMetrics.PUBLISH, "destination", "orders", "code", "OK");
		Span parent = tracer.nextSpan().name("place order").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
			template.send(KafkaTestApplication.ORDERS, "order-1").get();
		}
		finally {
			parent.end();
		}
		assertThat(count(MessagingMetrics.PUBLISH, "destination", "orders", "code", "OK")).isEqualTo(published + 1);
		Received received = awaitReceived(KafkaTestApplication.ORDERS, "order-1");
		SpanData producer = awaitSpan(SpanKind.PRODUCER, "send orders");
		SpanData consumer = awaitSpan(SpanKind.CONSUMER, "process orders");
		assertThat(producer.getTraceId()).isEqualTo(parent.context().traceId());
		assertThat(producer.getParentSpanId()).isEqualTo(parent.context().spanId());
		assertThat(consumer.getTraceId()).isEqualTo(producer.getTraceId());
		assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
		assertThat(consumer.getAttributes().asMap().toString()).contains("messaging.consumer.group.name=shop");
		assertThat(received.mdc()).containsEntry("system", "kafka")
			.containsEntry("destination", "orders")
			.containsEntry("group", "shop")
			.containsEntry("traceId", producer.getTraceId())
			.containsEntry("spanId", consumer.getSpanId());
		awaitCount(MessagingMetrics.PROCESS, 1, "destination", "orders", "group", "shop", "code", "OK");
		assertThat(KafkaTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.CONSUMER)).hasSize(1);
	}

	@Test
	void malformedOrOversizedTraceparentStartsAFreshTraceAndNeverFailsTheListener() {
		double failed = errors("INVALID_ARGUMENT") + errors("UNKNOWN");
		String oversized = "00-" + "a".repeat(8 * 1024) + "-00f067aa0ba902b7-01";
		for (String traceparent : List.of("garbage", oversized,
				"00-00000000000000000000000000000000-0000000000000000-01")) {
			ProducerRecord<Object, Object> record = new ProducerRecord<>(KafkaTestApplication.ORDERS,
					"bad-" + traceparent.length());
			record.headers().add("traceparent", traceparent.getBytes());
			template.send(record);
		}
		for (String traceparent : List.of("garbage", oversized,
				"00-00000000000000000000000000000000-0000000000000000-01")) {
			Received received = awaitReceived(KafkaTestApplication.ORDERS, "bad-" + traceparent.length());
			assertThat(received.currentTraceId()).isNotNull().isNotEqualTo("00000000000000000000000000000000");
			assertThat(received.mdc()).containsEntry("traceId", received.currentTraceId());
		}
		List<SpanData> consumers = awaitSpans(SpanKind.CONSUMER, 3);
		assertThat(consumers).allSatisfy((span) -> assertThat(span.getParentSpanContext().isValid()).isFalse());
		assertThat(consumers.stream().map(SpanData::getTraceId).distinct()).hasSize(3);
		assertThat(errors("INVALID_ARGUMENT") + errors("UNKNOWN")).isEqualTo(failed);
	}

	@Test
	void mdcAndTraceDoNotLeakBetweenRecordsOnOneConsumerThread() throws Exception {
		Span parent = tracer.nextSpan().name("first").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
			template.send(KafkaTestApplication.ORDERS, "traced").get();
		}
		finally {
			parent.end();
		}
		template.send(KafkaTestApplication.ORDERS, "untraced").get();
		Received traced = awaitReceived(KafkaTestApplication.ORDERS, "traced");
		Received untraced = awaitReceived(KafkaTestApplication.ORDERS, "untraced");
		assertThat(untraced.thread()).isEqualTo(traced.thread());
		assertThat(traced.currentTraceId()).isEqualTo(parent.context().traceId());
		assertThat(untraced.currentTraceId()).isNotEqualTo(traced.currentTraceId());
		assertThat(untraced.mdc().get("traceId")).isEqualTo(untraced.currentTraceId());
		// Between records, while the containers are idle, their threads carry nothing.
		KafkaTestApplication.IDLE_MDC.clear();
		await().atMost(WAIT).until(() -> KafkaTestApplication.IDLE_MDC.size() >= 3);
		assertThat(KafkaTestApplication.IDLE_MDC).allSatisfy(
				(mdc) -> assertThat(mdc).doesNotContainKeys("system", "destination", "group", "traceId", "spanId"));
	}

	@Test
	void fiveThousandRecordsOnFourPartitionsAreCountedExactlyOnceEach() {
		double published = count(MessagingMetrics.PUBLISH, "destination", "counted", "code", "OK");
		double processed = count(MessagingMetrics.PROCESS, "destination", "counted", "group", "counter", "code", "OK");
		List<CompletableFuture<SendResult<Object, Object>>> sends = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			sends.add(template.send(KafkaTestApplication.COUNTED, "key-" + i, "record-" + i));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
		assertThat(sends.stream().map((send) -> send.join().getRecordMetadata().partition()).distinct()).hasSize(4);
		assertThat(count(MessagingMetrics.PUBLISH, "destination", "counted", "code", "OK")).isEqualTo(published + 5000);
		awaitCount(MessagingMetrics.PROCESS, processed + 5000, "destination", "counted", "group", "counter", "code",
				"OK");
		await().during(Duration.ofSeconds(1))
			.atMost(WAIT)
			.until(() -> count(MessagingMetrics.PROCESS, "destination", "counted", "group", "counter", "code",
					"OK") == processed + 5000);
		Timer duration = registry.find(MessagingMetrics.PROCESS_DURATION)
			.tags("destination", "counted", "group", "counter", "code", "OK")
			.timer();
		assertThat(duration).isNotNull();
		assertThat((double) duration.count()).isEqualTo(processed + 5000);
	}

	@Test
	void everyRetryAttemptIsCountedAsAnErrorAndTheRecordIsVisibleInTheDeadLetterTopic() throws Exception {
		double attempts = count(MessagingMetrics.PROCESS, "destination", "failing", "group", "shop", "code",
				"INVALID_ARGUMENT");
		double errors = errors("INVALID_ARGUMENT");
		double deadLettered = count(MessagingMetrics.PUBLISH, "destination", "failing-dlt", "code", "OK");
		template.send(KafkaTestApplication.FAILING, "poison").get();
		Received dead = awaitReceived(KafkaTestApplication.FAILING_DLT, "poison");
		// One try and two retries, each an invocation that failed.
		awaitCount(MessagingMetrics.PROCESS, attempts + 3, "destination", "failing", "group", "shop", "code",
				"INVALID_ARGUMENT");
		assertThat(errors("INVALID_ARGUMENT")).isEqualTo(errors + 3);
		assertThat(KafkaTestApplication.RECEIVED.stream().filter((received) -> "failing".equals(received.topic())))
			.hasSize(3);
		// The recoverer's send is a publish to the dead-letter topic, and its record
		// keeps
		// the original trace.
		assertThat(count(MessagingMetrics.PUBLISH, "destination", "failing-dlt", "code", "OK"))
			.isEqualTo(deadLettered + 1);
		awaitCount(MessagingMetrics.PROCESS, 1, "destination", "failing-dlt", "group", "shop-dlt", "code", "OK");
		SpanData producer = awaitSpan(SpanKind.PRODUCER, "send failing");
		assertThat(dead.currentTraceId()).isEqualTo(producer.getTraceId());
	}

	@Test
	void batchListenerGetsOneSpanPerBatchLinkedToEachRecordsContext() {
		double batches = count(MessagingMetrics.PROCESS, "destination", "batch", "group", "batcher", "code", "OK");
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Span parent = tracer.nextSpan().name("batch-" + i).start();
			try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
				template.send(KafkaTestApplication.BATCH, "batched-" + i);
			}
			finally {
				parent.end();
			}
			traceIds.add(parent.context().traceId());
		}
		template.flush();
		await().atMost(WAIT)
			.until(() -> KafkaTestApplication.RECEIVED.stream()
				.filter((received) -> "batch".equals(received.topic()))
				.mapToInt(Received::count)
				.sum() == 3);
		List<SpanData> batchSpans = await().atMost(WAIT)
			.until(() -> KafkaTestApplication.SPANS.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.CONSUMER && span.getName().equals("process batch"))
				.toList(), (spans) -> spans.stream().mapToInt((span) -> span.getLinks().size()).sum() >= 3);
		List<String> linked = new ArrayList<>();
		for (SpanData span : batchSpans) {
			assertThat(span.getParentSpanContext().isValid()).isFalse();
			span.getLinks().stream().map(LinkData::getSpanContext).forEach((link) -> linked.add(link.getTraceId()));
		}
		assertThat(linked).containsExactlyInAnyOrderElementsOf(traceIds);
		List<Received> received = KafkaTestApplication.RECEIVED.stream()
			.filter((r) -> "batch".equals(r.topic()))
			.toList();
		assertThat(received).allSatisfy((r) -> assertThat(r.mdc()).containsEntry("destination", "batch")
			.containsEntry("group", "batcher")
			.containsEntry("traceId", r.currentTraceId()));
		assertThat(count(MessagingMetrics.PROCESS, "destination", "batch", "group", "batcher", "code", "OK"))
			.isEqualTo(batches + received.size());
	}

	@Test
	void withSpringKafkasOwnObservationOnEachSendAndRecordHasOneSpanAndIsMeasuredOnce() throws Exception {
		try (ConfigurableApplicationContext observed = KafkaBrokers
			.application(broker, ObservedKafkaApplication.class, "spring.kafka.template.observation-enabled=true",
					"spring.kafka.listener.observation-enabled=true")
			.run()) {
			MeterRegistry observedRegistry = observed.getBean(MeterRegistry.class);
			KafkaTemplate<?, ?> observedTemplate = observed.getBean(KafkaTemplate.class);
			Tracer observedTracer = observed.getBean(Tracer.class);
			Span parent = observedTracer.nextSpan().name("place order").start();
			try (Tracer.SpanInScope scope = observedTracer.withSpan(parent)) {
				observedTemplate.send(ObservedKafkaApplication.TOPIC, null).get();
			}
			finally {
				parent.end();
			}
			await().atMost(WAIT).until(() -> ObservedKafkaApplication.RECEIVED.size() == 1);
			await().atMost(WAIT)
				.until(() -> sum(observedRegistry, MessagingMetrics.PROCESS, "destination",
						ObservedKafkaApplication.TOPIC) == 1);
			await().during(Duration.ofMillis(500))
				.atMost(WAIT)
				.until(() -> sum(observedRegistry, MessagingMetrics.PROCESS, "destination",
						ObservedKafkaApplication.TOPIC) == 1);
			assertThat(sum(observedRegistry, MessagingMetrics.PUBLISH, "destination", ObservedKafkaApplication.TOPIC))
				.isEqualTo(1);
			List<SpanData> spans = ObservedKafkaApplication.SPANS.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getTraceId().equals(parent.context().traceId()))
				.toList();
			assertThat(spans.stream().filter((span) -> span.getKind() == SpanKind.PRODUCER)).hasSize(1);
			assertThat(spans.stream().filter((span) -> span.getKind() == SpanKind.CONSUMER)).hasSize(1);
			assertThat(ObservedKafkaApplication.RECEIVED.peek()).containsEntry("destination", "observed")
				.containsEntry("traceId", parent.context().traceId());
		}
	}

	/**
	 * With spring-kafka's client meters in the scrape (Boot binds them for every producer
	 * and consumer), the naming guard keeps promtool quiet.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void scrapeWithKafkaClientMetersPassesPromtoolWithZeroFindings(@TempDir Path directory) throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		template.send(KafkaTestApplication.ORDERS, "scraped").get();
		awaitReceived(KafkaTestApplication.ORDERS, "scraped");
		String scrape = context.getBean(PrometheusMeterRegistry.class)
			.scrape("text/plain; version=0.0.4; charset=utf-8");
		assertThat(scrape).contains("kafka_producer_").contains("kafka_consumer_").contains("messaging_process_total");
		assertThat(scrape).as("every meter has a real description").doesNotContain("(no description was registered)");
		Files.writeString(directory.resolve("scrape.txt"), scrape);
		ExternalTool.Result result = ExternalTool.run(directory, "sh", "-c", promtool + " check metrics < scrape.txt");
		assertThat(result.output()).as("promtool findings").isEmpty();
	}

	/**
	 * The Kafka client meters in milliseconds and nanoseconds are in the scrape in
	 * seconds, with the values Kafka reports converted, none under its unit-abbreviated
	 * name.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void kafkaClientMetersInMillisecondsAndNanosecondsAreScrapedInSeconds() throws Exception {
		template.send(KafkaTestApplication.ORDERS, "timed").get();
		awaitReceived(KafkaTestApplication.ORDERS, "timed");
		PrometheusMeterRegistry prometheus = context.getBean(PrometheusMeterRegistry.class);
		String producerId = template.metrics()
			.keySet()
			.stream()
			.map((name) -> name.tags().get("client-id"))
			.filter((id) -> id != null)
			.findFirst()
			.orElseThrow();
		double ioTimeBefore = kafkaMetric("producer-metrics", "io-time-ns-total");
		String scrape = prometheus.scrape("text/plain; version=0.0.4; charset=utf-8");
		double ioTimeAfter = kafkaMetric("producer-metrics", "io-time-ns-total");
		assertThat(scrape.lines().filter((line) -> line.startsWith("kafka_")))
			.noneMatch((line) -> line.matches("kafka_[a-z_]*_(ms|ns)(_[a-z_]*)?[{ ].*"));
		assertThat(scrape).contains("# TYPE kafka_producer_io_time_seconds_total counter",
				"# TYPE kafka_producer_io_wait_time_seconds_total counter",
				"# TYPE kafka_producer_io_time_avg_seconds gauge",
				"# TYPE kafka_producer_metadata_wait_time_seconds_total counter",
				"# TYPE kafka_producer_bufferpool_wait_time_seconds_total counter",
				"# TYPE kafka_producer_flush_time_seconds_total counter",
				"# TYPE kafka_producer_txn_commit_time_seconds_total counter",
				"# TYPE kafka_consumer_io_time_seconds_total counter",
				"# TYPE kafka_consumer_io_wait_time_avg_seconds gauge",
				"# TYPE kafka_consumer_commit_sync_time_seconds_total counter",
				"# TYPE kafka_consumer_committed_time_seconds_total counter",
				"# TYPE kafka_app_info_start_time_seconds gauge");
		assertThat(scrapedValue(scrape, "kafka_app_info_start_time_seconds", producerId))
			.isEqualTo(kafkaMetric("app-info", "start-time-ms") / 1e3);
		assertThat(scrapedValue(scrape, "kafka_producer_io_time_seconds_total", producerId))
			.isBetween(ioTimeBefore / 1e9, ioTimeAfter / 1e9);
	}

	private static double kafkaMetric(String group, String name) {
		return template.metrics()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().group().equals(group) && entry.getKey().name().equals(name))
			.map((entry) -> ((Number) entry.getValue().metricValue()).doubleValue())
			.findFirst()
			.orElseThrow();
	}

	private static double scrapedValue(String scrape, String name, String clientId) {
		return scrape.lines()
			.filter((line) -> line.startsWith(name + "{") && line.contains("client_id=\"" + clientId + "\""))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " for " + clientId + " not in the scrape"));
	}

	/**
	 * Last: it stops the class's broker. A producer factory built by hand with short
	 * timeouts, instrumented through the starter's post-processor as the docs show.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void sendsToABrokerStoppedMidTestFailWithinTheTimeoutAndAreCountedAsDeadlineExceeded() throws Exception {
		Map<String, Object> config = new HashMap<>(
				context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties());
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(config);
		context.getBean(KafkaInstrumentationPostProcessor.class).postProcessBeforeInitialization(factory, "byHand");
		KafkaTemplate<Object, Object> byHand = new KafkaTemplate<>(factory);
		try {
			String topic = KafkaTestApplication.ORDERS;
			double ok = count(MessagingMetrics.PUBLISH, "destination", topic, "code", "OK");
			double timedOut = count(MessagingMetrics.PUBLISH, "destination", topic, "code", "DEADLINE_EXCEEDED");
			double errors = count("errors", "source", "messaging", "type", "handled", "code", "DEADLINE_EXCEEDED",
					"exception", "TimeoutException");
			byHand.send(topic, "before").get(10, TimeUnit.SECONDS);
			assertThat(count(MessagingMetrics.PUBLISH, "destination", topic, "code", "OK")).isEqualTo(ok + 1);

			context.getBean(KafkaListenerEndpointRegistry.class).stop();
			broker.stop();
			long start = System.nanoTime();
			// Without metadata the send fails at once (max.block.ms), with it when the
			// batch expires (delivery.timeout.ms): either way it fails, and is measured
			// once.
			assertThatException().isThrownBy(() -> byHand.send(topic, "after").get(10, TimeUnit.SECONDS));
			// delivery.timeout.ms, plus what a busy machine adds
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
			assertThat(count(MessagingMetrics.PUBLISH, "destination", topic, "code", "DEADLINE_EXCEEDED"))
				.isEqualTo(timedOut + 1);
			assertThat(count("errors", "source", "messaging", "type", "handled", "code", "DEADLINE_EXCEEDED",
					"exception", "TimeoutException"))
				.isEqualTo(errors + 1);
			assertThat(awaitSpan(SpanKind.PRODUCER, "send orders").getStatus().getStatusCode())
				.isNotEqualTo(StatusCode.ERROR);
			assertThat(KafkaTestApplication.SPANS.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.PRODUCER
						&& span.getStatus().getStatusCode() == StatusCode.ERROR)
				.map((span) -> span.getAttributes().asMap().toString())).singleElement()
				.asString()
				.contains("error.type=DEADLINE_EXCEEDED");
		}
		finally {
			factory.destroy();
		}
	}

	private static double sum(MeterRegistry meters, String name, String... tags) {
		return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static Received awaitReceived(String topic, String value) {
		return await().atMost(WAIT)
			.until(() -> KafkaTestApplication.RECEIVED.stream()
				.filter((received) -> topic.equals(received.topic()) && value.equals(received.value()))
				.findFirst()
				.orElse(null), (received) -> received != null);
	}

	private static SpanData awaitSpan(SpanKind kind, String name) {
		return await().atMost(WAIT)
			.until(() -> KafkaTestApplication.SPANS.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getKind() == kind && span.getName().equals(name))
				.findFirst()
				.orElse(null), (span) -> span != null);
	}

	private static List<SpanData> awaitSpans(SpanKind kind, int count) {
		return await().atMost(WAIT)
			.until(() -> KafkaTestApplication.SPANS.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getKind() == kind)
				.toList(), (spans) -> spans.size() >= count);
	}

	private static void awaitCount(String name, double expected, String... tags) {
		await().atMost(WAIT).until(() -> count(name, tags) >= expected);
		assertThat(count(name, tags)).isEqualTo(expected);
	}

	static double count(String name, String... tags) {
		return sum(registry, name, tags);
	}

	private static double errors(String code) {
		return count("errors", "source", "messaging", "code", code);
	}

}
