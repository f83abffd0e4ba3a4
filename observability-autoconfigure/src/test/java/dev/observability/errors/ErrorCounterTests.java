package dev.observability.errors;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting {@code errors_total}: labels, business-normal outcomes, the cardinality cap,
 * failures.
 */
class ErrorCounterTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final ErrorCounter counter = counter(100);

	@Test
	void countsWithSourceTypeCodeAndTheDecidingExceptionsSimpleName() {
		this.counter.record(ErrorSource.HTTP, ErrorCounter.PANIC,
				new IllegalStateException("wrapper", new SocketTimeoutException()));
		Counter counted = this.registry.find("errors")
			.tags("source", "http", "type", "panic", "code", "DEADLINE_EXCEEDED", "exception", "SocketTimeoutException")
			.counter();
		assertThat(counted).isNotNull();
		assertThat(counted.count()).isEqualTo(1);
		assertThat(counted.getId().getDescription()).isNotBlank();
		assertThat(counted.getId().getTags()).hasSize(4);
	}

	@Test
	void businessNormalOutcomesAreNotCounted() {
		ErrorCounter withMapping = new ErrorCounter(this.registry,
				new ErrorClassifierChain(List
					.of(new MappedErrorClassifier(Map.of(IllegalStateException.class.getName(), ErrorCode.OK), null))),
				100);
		ErrorClassification classification = withMapping.record(ErrorSource.HTTP, ErrorCounter.HANDLED,
				new IllegalStateException());
		assertThat(classification.isError()).isFalse();
		assertThat(this.registry.find("errors").meters()).isEmpty();
	}

	@Test
	void aCodeDecidedElsewhereIsTheLabelAndTheClassifierStillNamesTheException() {
		ErrorClassification counted = this.counter.record(ErrorSource.GRPC, ErrorCounter.HANDLED,
				new IllegalStateException("wrapper", new SocketTimeoutException()), ErrorCode.FAILED_PRECONDITION);
		assertThat(counted.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
		assertThat(this.registry.find("errors")
			.tags("source", "grpc", "type", "handled", "code", "FAILED_PRECONDITION", "exception",
					"SocketTimeoutException")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.find("errors").counters()).hasSize(1);
	}

	@Test
	void aCodeDecidedElsewhereCountsNothingForABusinessNormalOutcomeOrOk() {
		ErrorCounter withMapping = new ErrorCounter(this.registry,
				new ErrorClassifierChain(List
					.of(new MappedErrorClassifier(Map.of(IllegalStateException.class.getName(), ErrorCode.OK), null))),
				100);
		withMapping.record(ErrorSource.GRPC, ErrorCounter.PANIC, new IllegalStateException(), ErrorCode.UNKNOWN);
		withMapping.record(ErrorSource.GRPC, ErrorCounter.HANDLED, new ArithmeticException(), ErrorCode.OK);
		assertThat(this.registry.find("errors").meters()).isEmpty();
	}

	@Test
	void exceptionTypesPastTheCapAreCountedAsOther() {
		ErrorCounter capped = counter(1);
		capped.record(ErrorSource.ASYNC, ErrorCounter.PANIC, new IllegalStateException());
		capped.record(ErrorSource.ASYNC, ErrorCounter.PANIC, new ArithmeticException());
		capped.record(ErrorSource.ASYNC, ErrorCounter.PANIC, new IllegalStateException());
		assertThat(count("exception", "IllegalStateException")).isEqualTo(2);
		assertThat(count("exception", "OTHER")).isEqualTo(1);
	}

	@Test
	void anonymousExceptionClassesGetANonEmptyName() {
		this.counter.record(ErrorSource.ASYNC, ErrorCounter.PANIC, new RuntimeException() {
		});
		assertThat(this.registry.find("errors").counter().getId().getTag("exception")).isNotEmpty();
	}

	@Test
	void countingNeverThrowsEvenWhenTheRegistryFails() {
		this.registry.config().meterFilter(new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				throw new IllegalStateException("broken filter");
			}
		});
		ErrorClassification classification = this.counter.record(ErrorSource.HTTP, ErrorCounter.PANIC,
				new IllegalStateException());
		assertThat(classification.code()).isEqualTo(ErrorCode.UNKNOWN);
	}

	@Test
	void countsAreExactUnderConcurrency() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				done.add(threads.submit(() -> {
					for (int i = 0; i < 5_000; i++) {
						this.counter.record(ErrorSource.HTTP, ErrorCounter.PANIC, new IllegalStateException());
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(count("exception", "IllegalStateException")).isEqualTo(80_000);
	}

	private ErrorCounter counter(int maxExceptionNames) {
		return new ErrorCounter(this.registry, new ErrorClassifierChain(List.of(new StandardErrorClassifier())),
				maxExceptionNames);
	}

	private double count(String tag, String value) {
		Counter found = this.registry.find("errors").tag(tag, value).counter();
		return (found != null) ? found.count() : 0;
	}

}
