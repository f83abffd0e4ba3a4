package dev.observability.naming;

import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tag values are bounded per meter and tag, and the overflow is counted.
 */
class CardinalityGuardTests {

	@Test
	void valuesPastTheCapBecomeOtherAndAreCounted() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CardinalityGuard guard = new CardinalityGuard(3, Map.of(), 200, 100);
		registry.config().meterFilter(guard);
		guard.bindTo(registry);
		for (int i = 0; i < 10; i++) {
			Counter.builder("shop.orders").tag("customer", "c" + i).register(registry).increment();
		}
		assertThat(registry.find("shop.orders").counters()).hasSize(4);
		assertThat(registry.get("shop.orders").tag("customer", "OTHER").counter().count()).isEqualTo(7);
		assertThat(registry.get(CardinalityGuard.OVERFLOW_METER)
			.tags("meter", "shop.orders", "tag", "customer")
			.counter()
			.count()).isEqualTo(7);
	}

	@Test
	void perMeterCapOverridesTheDefault() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new CardinalityGuard(100, Map.of("shop.orders", 1), 200, 100));
		Counter.builder("shop.orders").tag("customer", "a").register(registry);
		Counter.builder("shop.orders").tag("customer", "b").register(registry);
		assertThat(registry.find("shop.orders").tag("customer", "OTHER").counter()).isNotNull();
	}

	@Test
	void longValuesAreTruncated() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new CardinalityGuard(100, Map.of(), 10, 100));
		Counter.builder("shop.orders").tag("customer", "x".repeat(5000)).register(registry);
		assertThat(registry.get("shop.orders").counter().getId().getTag("customer")).hasSize(10);
	}

	@Test
	void aFloodOfRandomValuesCreatesNoNewSeriesAndKeepsMemoryBounded() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CardinalityGuard guard = new CardinalityGuard(100, Map.of(), 200, 1000);
		registry.config().meterFilter(guard);
		guard.bindTo(registry);
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		long before = runtime.totalMemory() - runtime.freeMemory();
		for (int i = 0; i < 100_000; i++) {
			Counter.builder("shop.requests").tag("path", "/" + UUID.randomUUID()).register(registry).increment();
		}
		System.gc();
		long after = runtime.totalMemory() - runtime.freeMemory();
		assertThat(registry.find("shop.requests").counters()).hasSize(101);
		assertThat(registry.get("shop.requests").tag("path", "OTHER").counter().count()).isEqualTo(99_900);
		// 100,000 distinct values would hold well over 10 MB; the guard keeps only 100 of
		// them.
		assertThat(after - before).isLessThan(8L * 1024 * 1024);
	}

}
