package dev.observability.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring buffer: exact capacity, FIFO, a full queue refuses at once, no element lost or
 * duplicated under concurrent producers.
 */
class BoundedEventQueueTests {

	@Test
	void holdsExactlyItsCapacityThenRefuses() {
		BoundedEventQueue<Integer> queue = new BoundedEventQueue<>(3);
		assertThat(queue.offer(1)).isTrue();
		assertThat(queue.offer(2)).isTrue();
		assertThat(queue.offer(3)).isTrue();
		assertThat(queue.offer(4)).isFalse();
		assertThat(queue.size()).isEqualTo(3);
		assertThat(queue.poll()).isEqualTo(1);
		assertThat(queue.offer(5)).isTrue();
		assertThat(List.of(queue.poll(), queue.poll(), queue.poll())).containsExactly(2, 3, 5);
		assertThat(queue.poll()).isNull();
		assertThat(queue.size()).isZero();
	}

	@Test
	void concurrentProducersLoseAndDuplicateNothing() throws Exception {
		int producers = 8;
		int perProducer = 50_000;
		BoundedEventQueue<Integer> queue = new BoundedEventQueue<>(1000);
		AtomicInteger refused = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int base = p * perProducer;
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < perProducer; i++) {
					if (!queue.offer(base + i)) {
						refused.incrementAndGet();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		Set<Integer> taken = new HashSet<>();
		int duplicates = 0;
		start.countDown();
		while (threads.stream().anyMatch(Thread::isAlive) || queue.size() > 0) {
			Integer element = queue.poll();
			if (element != null && !taken.add(element)) {
				duplicates++;
			}
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Integer element;
		while ((element = queue.poll()) != null) {
			taken.add(element);
		}
		assertThat(duplicates).isZero();
		assertThat(taken.size() + refused.get()).isEqualTo(producers * perProducer);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
