package dev.observability.endpoint;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records failed scrape authentications: counts every one in
 * {@code observability_scrape_auth_failures_total} and logs at WARN at most once a
 * minute.
 */
public class ScrapeAuthFailures {

	/** The counter's name, as Micrometer knows it. */
	public static final String METRIC = "observability.scrape.auth.failures";

	private static final Logger logger = LoggerFactory.getLogger(ScrapeAuthFailures.class);

	private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final @Nullable Counter counter;

	private final LongSupplier nanoTime;

	private final AtomicLong unlogged = new AtomicLong();

	private final AtomicLong nextLogAt;

	/**
	 * Creates the recorder and registers its counter.
	 * @param registry where the counter lives; null for none
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 */
	public ScrapeAuthFailures(@Nullable MeterRegistry registry, LongSupplier nanoTime) {
		this.counter = (registry != null) ? Counter.builder(METRIC)
			.description("Requests to the scrape endpoints refused because their credentials were wrong")
			.register(registry) : null;
		this.nanoTime = nanoTime;
		this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
	}

	/**
	 * Records one failed attempt.
	 * @param address the client address
	 * @param lockedOut whether this attempt locked the address out
	 */
	public void record(String address, boolean lockedOut) {
		if (this.counter != null) {
			this.counter.increment();
		}
		long failures = this.unlogged.incrementAndGet();
		long now = this.nanoTime.getAsLong();
		long next = this.nextLogAt.get();
		if (now - next >= 0 && this.nextLogAt.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
			failures = this.unlogged.getAndSet(0);
			logger.warn("{} failed authentication(s) on the scrape endpoints since the last report, the latest "
					+ "from {}{}", failures, address, lockedOut ? ", now locked out" : "");
		}
	}

	/**
	 * How many failed attempts were counted.
	 * @return the count, 0 without a registry
	 */
	public double count() {
		return (this.counter != null) ? this.counter.count() : 0;
	}

}
