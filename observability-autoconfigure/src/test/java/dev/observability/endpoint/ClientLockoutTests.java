package dev.observability.endpoint;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock-out table on a clock the test moves.
 */
class ClientLockoutTests {

	private final AtomicLong now = new AtomicLong();

	private final ClientLockout lockout = new ClientLockout(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 100,
			this.now::get);

	@Test
	void locksOutAfterTheLimitWithinTheWindowAndUnlocksAfterTheDuration() {
		assertThat(this.lockout.recordFailure("10.0.0.1")).isFalse();
		assertThat(this.lockout.recordFailure("10.0.0.1")).isFalse();
		assertThat(this.lockout.recordFailure("10.0.0.1")).isTrue();
		assertThat(this.lockout.lockedFor("10.0.0.1")).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.lockout.lockedFor("10.0.0.2")).isZero();
		this.now.addAndGet(Duration.ofMinutes(5).toNanos());
		assertThat(this.lockout.lockedFor("10.0.0.1")).isZero();
	}

	@Test
	void failuresOutsideTheWindowDoNotAddUp() {
		this.lockout.recordFailure("10.0.0.1");
		this.lockout.recordFailure("10.0.0.1");
		this.now.addAndGet(Duration.ofMinutes(2).toNanos());
		assertThat(this.lockout.recordFailure("10.0.0.1")).isFalse();
		assertThat(this.lockout.lockedFor("10.0.0.1")).isZero();
	}

	@Test
	void successForgetsEarlierFailures() {
		this.lockout.recordFailure("10.0.0.1");
		this.lockout.recordFailure("10.0.0.1");
		this.lockout.recordSuccess("10.0.0.1");
		assertThat(this.lockout.recordFailure("10.0.0.1")).isFalse();
	}

	@Test
	void theAddressTableStaysBounded() {
		for (int i = 0; i < 100_000; i++) {
			this.lockout.recordFailure("10.0." + (i / 256) + "." + (i % 256));
		}
		assertThat(this.lockout.size()).isEqualTo(100);
	}

}
