package dev.observability.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters are made once per label combination, whichever thread sees it first, and then
 * only looked up.
 */
class MeterCacheTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void eachCombinationIsMadeOnceAndThenReturnedAsItIs() {
		List<String> made = new ArrayList<>();
		MeterCache<String, MeterCache<Integer, Counter>> counters = MeterCache
			.of((method) -> MeterCache.of((status) -> {
				made.add(method + " " + status);
				return counter(method, status.toString());
			}));
		Counter first = counters.get("GET").get(200);
		assertThat(counters.get("GET").get(200)).isSameAs(first);
		assertThat(counters.get("GET").get(404)).isNotSameAs(first);
		assertThat(counters.get("POST").get(200)).isNotSameAs(first);
		assertThat(made).containsExactly("GET 200", "GET 404", "POST 200");
	}

	@Test
	void enumConstantsAreKeptApartByOrdinal() {
		AtomicInteger made = new AtomicInteger();
		MeterCache<TimeUnit, Counter> counters = MeterCache.of(TimeUnit.class, (unit) -> {
			made.incrementAndGet();
			return counter("GET", unit.name());
		});
		Counter seconds = counters.get(TimeUnit.SECONDS);
		assertThat(counters.get(TimeUnit.SECONDS)).isSameAs(seconds);
		assertThat(counters.get(TimeUnit.DAYS).getId().getTag("code")).isEqualTo("DAYS");
		assertThat(made).hasValue(2);
	}

	@Test
	void threadsThatSeeANewCombinationAtOnceAllGetTheSameValue() throws Exception {
		int threads = 8;
		for (TimeUnit unit : TimeUnit.values()) {
			// A new object per call, unlike a registry: only the cache can make them the
			// same.
			MeterCache<String, MeterCache<TimeUnit, Object>> values = MeterCache
				.of((method) -> MeterCache.of(TimeUnit.class, (code) -> new Object()));
			List<Object> seen = new CopyOnWriteArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					done.add(pool.submit(() -> {
						start.await();
						return seen.add(values.get("GET").get(unit));
					}));
				}
				start.countDown();
				for (Future<?> future : done) {
					future.get(10, TimeUnit.SECONDS);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(seen).hasSize(threads).allSatisfy((value) -> assertThat(value).isSameAs(seen.get(0)));
		}
	}

	private Counter counter(String method, String code) {
		return Counter.builder("requests").tag("method", method).tag("code", code).register(this.registry);
	}

}
