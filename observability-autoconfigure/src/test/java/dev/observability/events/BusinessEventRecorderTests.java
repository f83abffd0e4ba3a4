package dev.observability.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recorder on its own: what is counted where, the queue under contention and when
 * full, and shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class BusinessEventRecorderTests {

	private static final List<String> ALLOWED = List.of("checkout_submit", "payment_success");

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final Queue<RecordedEvent> written = new ConcurrentLinkedQueue<>();

	private BusinessEventRecorder recorder;

	@AfterEach
	void stop() {
		if (this.recorder != null) {
			this.recorder.stop();
		}
	}

	@Test
	void allowedEventIsCountedUnderTheNamespaceAndWritten() {
		this.recorder = started(NotAllowedAction.REJECT, 0, 100, this.written::add);
		this.recorder.record("checkout_submit", Map.of("cart_size", "3"));
		assertThat(events("checkout_submit")).isEqualTo(1);
		assertThat(this.registry.find("shop.business.events").counter().getId().getDescription()).isNotBlank();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.size() == 1);
		RecordedEvent event = this.written.peek();
		assertThat(event.name()).isEqualTo("checkout_submit");
		assertThat(event.attributes()).containsExactly("cart_size", "3");
		assertThat(event.sampled()).isFalse();
	}

	@Test
	void everyCounterIsRegisteredBeforeTheFirstEvent() {
		this.recorder = started(NotAllowedAction.REJECT, 0, 100, this.written::add);
		assertThat(this.registry.find("shop.business.events").counters()).extracting((c) -> c.getId().getTag("event"))
			.containsExactlyInAnyOrder("checkout_submit", "payment_success", "OTHER");
		assertThat(this.registry.find("observability.events.dropped").counters())
			.extracting((c) -> c.getId().getTag("reason"))
			.containsExactlyInAnyOrder("not_allowed", "sampled_out", "queue_full", "invalid_name");
	}

	@Test
	void notAllowedEventIsRejectedAndNeverBecomesASeries() {
		this.recorder = started(NotAllowedAction.REJECT, 1.0, 100, this.written::add);
		this.recorder.record("http_request_received");
		assertThat(dropped("not_allowed")).isEqualTo(1);
		assertThat(this.registry.find("shop.business.events").tag("event", "http_request_received").counter()).isNull();
		assertThat(events("OTHER")).isZero();
	}

	@Test
	void invalidNamesAreCountedAsInvalidNameAndNeverThrow() {
		this.recorder = started(NotAllowedAction.SAMPLE, 1.0, 100, this.written::add);
		this.recorder.record(null);
		this.recorder.record("CheckoutSubmit");
		this.recorder.record("framework_context_refreshed");
		this.recorder.record("x".repeat(65));
		this.recorder.record("checkout_submit", null);
		assertThat(dropped("invalid_name")).isEqualTo(4);
		assertThat(events("OTHER")).isZero();
		assertThat(events("checkout_submit")).isEqualTo(1);
	}

	@Test
	void samplingKeepsTheRateAsOtherAndDropsTheRestAsSampledOut() {
		this.recorder = started(NotAllowedAction.SAMPLE, 1.0, 100, this.written::add);
		this.recorder.record("cart_viewed");
		assertThat(events("OTHER")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.size() == 1);
		assertThat(this.written.peek().sampled()).isTrue();
		this.recorder.stop();

		this.recorder = started(NotAllowedAction.SAMPLE, 0.0, 100, this.written::add);
		this.recorder.record("cart_viewed");
		assertThat(dropped("sampled_out")).isEqualTo(1);
	}

	@Test
	void attributesAreCopiedBeforeRecordReturns() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.recorder = started(NotAllowedAction.REJECT, 0, 100, (event) -> {
			awaitQuietly(release);
			this.written.add(event);
		});
		Map<String, String> attributes = new HashMap<>(Map.of("order_id", "42"));
		this.recorder.record("payment_success", attributes);
		attributes.put("order_id", "changed");
		attributes.put("later", "x");
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.size() == 1);
		assertThat(this.written.peek().attributes()).containsExactly("order_id", "42");
	}

	@Test
	void aFailingWriterNeitherReachesTheCallerNorStopsTheConsumer() {
		AtomicInteger calls = new AtomicInteger();
		this.recorder = started(NotAllowedAction.REJECT, 0, 100, (event) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("appender broke");
			}
			this.written.add(event);
		});
		this.recorder.record("checkout_submit");
		this.recorder.record("payment_success");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.size() == 1);
		assertThat(this.written.peek().name()).isEqualTo("payment_success");
	}

	@Test
	void sixteenThreadsCountExactlyPerEventAndReason() throws Exception {
		AtomicInteger writes = new AtomicInteger();
		this.recorder = started(NotAllowedAction.SAMPLE, 0.5, 4096, (event) -> writes.incrementAndGet());
		int threads = 16;
		int perThread = 100_000;
		String[] names = { "checkout_submit", "payment_success", "cart_viewed", "Bad-Name" };
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < perThread; i++) {
					this.recorder.record(names[i & 3]);
				}
			});
			worker.setUncaughtExceptionHandler((thread, ex) -> failure.set(ex));
			worker.start();
			workers.add(worker);
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		this.recorder.stop();
		long each = (long) threads * perThread / 4;
		assertThat(failure.get()).isNull();
		assertThat(events("checkout_submit")).isEqualTo(each);
		assertThat(events("payment_success")).isEqualTo(each);
		assertThat(dropped("invalid_name")).isEqualTo(each);
		assertThat(events("OTHER") + dropped("sampled_out")).isEqualTo(each);
		assertThat(events("OTHER")).isBetween(each * 45 / 100, each * 55 / 100);
		assertThat(dropped("not_allowed")).isZero();
		long accepted = events("checkout_submit") + events("payment_success") + events("OTHER");
		assertThat(accepted + dropped("sampled_out") + dropped("invalid_name") + dropped("not_allowed"))
			.isEqualTo((long) threads * perThread);
		// Every accepted event was either written or counted as queue_full: nothing lost
		// silently.
		assertThat(writes.get() + dropped("queue_full")).isEqualTo(accepted);
	}

	@Test
	void fullQueueWithASlowConsumerCountsTheShortfallAndNeverBlocks() throws Exception {
		CountDownLatch consumerHolding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.recorder = started(NotAllowedAction.REJECT, 0, 10, (event) -> {
			consumerHolding.countDown();
			awaitQuietly(release);
			this.written.add(event);
		});
		this.recorder.record("checkout_submit");
		assertThat(consumerHolding.await(5, TimeUnit.SECONDS)).isTrue();
		// The consumer holds one event; the queue takes 10 more; the other 40 are the
		// shortfall.
		for (int i = 0; i < 50; i++) {
			this.recorder.record("checkout_submit");
		}
		assertThat(events("checkout_submit")).isEqualTo(51);
		assertThat(dropped("queue_full")).isEqualTo(40);
		assertThat(this.recorder.queued()).isEqualTo(10);
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.size() == 11);
	}

	@Test
	void shutdownDrainsTheQueue() {
		this.recorder = started(NotAllowedAction.REJECT, 0, 1000, (event) -> {
			sleepQuietly(1);
			this.written.add(event);
		});
		for (int i = 0; i < 200; i++) {
			this.recorder.record("payment_success");
		}
		this.recorder.stop();
		assertThat(this.written).hasSize(200);
		assertThat(dropped("queue_full")).isZero();
	}

	@Test
	void whatShutdownCannotWriteInTimeIsCountedAndReportedInOneLine(CapturedOutput output) {
		this.recorder = new BusinessEventRecorder(metrics(), new EventNameCheck(64, List.of("framework_")),
				NotAllowedAction.REJECT, 0, 1000, Duration.ofMillis(200), EventSpans.NONE, (event) -> {
					sleepQuietly(50);
					this.written.add(event);
				});
		this.recorder.start();
		for (int i = 0; i < 100; i++) {
			this.recorder.record("payment_success");
		}
		this.recorder.stop();
		this.recorder.record("payment_success");
		assertThat(this.written.size()).isLessThan(100);
		assertThat(this.written.size() + dropped("queue_full")).isEqualTo(101);
		assertThat(events("payment_success")).isEqualTo(101);
		assertThat(output).containsOnlyOnce("business events were not written within the drain timeout of 200 ms");
	}

	private BusinessEventRecorder started(NotAllowedAction action, double sampleRate, int capacity,
			BusinessEventWriter writer) {
		BusinessEventRecorder started = new BusinessEventRecorder(metrics(),
				new EventNameCheck(64, List.of("framework_")), action, sampleRate, capacity, Duration.ofSeconds(5),
				EventSpans.NONE, writer);
		started.start();
		return started;
	}

	private BusinessEventMetrics metrics() {
		return new BusinessEventMetrics(this.registry, "shop", ALLOWED);
	}

	private long events(String event) {
		Counter counter = this.registry.find("shop.business.events").tag("event", event).counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	private long dropped(String reason) {
		return (long) this.registry.get("observability.events.dropped").tag("reason", reason).counter().count();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
