package dev.observability.selfcheck;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LogTraceCoverage} counts and reports, without a context, and when its
 * configuration backs off.
 */
class LogTraceCoverageTests {

	private final AtomicBoolean entrySpansOpen = new AtomicBoolean();

	private final LogTraceCoverage coverage = new LogTraceCoverage(this.entrySpansOpen::get);

	@Test
	void everyEventIsCountedByLevelAndTrace() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.coverage.bindTo(registry);
		this.coverage.record(2, true, true, "a", null);
		this.coverage.record(3, false, false, "b", "main");
		this.coverage.record(3, false, false, "b", "main");
		assertThat(count(registry, "info", "present")).isEqualTo(1);
		assertThat(count(registry, "warn", "absent")).isEqualTo(2);
		assertThat(count(registry, "error", "absent")).isZero();
	}

	@Test
	void linesWithoutTraceCountAgainstCoverageOnlyWhileWorkIsInProgress() throws Exception {
		this.entrySpansOpen.set(true);
		this.coverage.record(2, false, false, "startup", "main");
		this.coverage.record(2, false, true, "health check before ready", "http-nio-exec-1");
		assertThat(this.coverage.linesInProgress()).as("lines before startup completed").isZero();
		this.coverage.startupComplete();
		this.entrySpansOpen.set(false);
		this.coverage.record(2, false, true, "task", "pool-1-thread-1");
		this.entrySpansOpen.set(true);
		onNewThread(() -> this.coverage.record(2, false, false, "raw", "Thread-7"));
		this.coverage.record(2, true, false, "traced", null);
		assertThat(this.coverage.linesInProgress()).isEqualTo(3);
		assertThat(this.coverage.linesWithoutTrace()).isEqualTo(2);
	}

	@Test
	void threadsAliveAtStartupAreBackgroundThreadsWhoseLinesDoNotCountWhileRequestsRun() throws Exception {
		this.entrySpansOpen.set(true);
		this.coverage.startupComplete();
		this.coverage.record(3, false, false, "io.opentelemetry.exporter.zipkin.ZipkinSpanExporter", "main");
		assertThat(this.coverage.linesWithoutTrace()).isZero();
		this.coverage.record(2, false, true, "request", "main");
		assertThat(this.coverage.linesWithoutTrace()).as("a request's MDC on a startup thread counts").isEqualTo(1);
		Thread later = new Thread(() -> this.coverage.record(2, false, false, "raw", "Thread-3"));
		later.start();
		later.join();
		assertThat(this.coverage.linesWithoutTrace()).as("a thread started later counts").isEqualTo(2);
	}

	@Test
	void theLargestSourcesComeFirstWithThreadNumbersFolded() throws Exception {
		this.entrySpansOpen.set(true);
		this.coverage.startupComplete();
		onNewThread(() -> {
			this.coverage.record(2, false, false, "a", "pool-1-thread-1");
			this.coverage.record(2, false, false, "b", "pool-1-thread-2");
			this.coverage.record(2, false, false, "b", "Thread-12");
		});
		assertThat(this.coverage.topLoggers(1)).containsExactly(Map.entry("b", 2L));
		assertThat(this.coverage.topThreads(5)).containsExactly(Map.entry("pool-1-thread-*", 2L),
				Map.entry("Thread-*", 1L));
	}

	@Test
	void namesPastTheCapAreFoldedIntoOther() throws Exception {
		this.entrySpansOpen.set(true);
		this.coverage.startupComplete();
		onNewThread(() -> {
			for (int i = 0; i < LogTraceCoverage.MAX_SOURCES + 10; i++) {
				this.coverage.record(2, false, false, "logger" + i, "Thread-1");
			}
		});
		assertThat(this.coverage.topLoggers(1)).containsExactly(Map.entry("OTHER", 10L));
	}

	@Test
	void backsOffWithoutLogbackOrWhenSwitchedOff() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SelfCheckAutoConfiguration.class));
		runner.run((context) -> assertThat(context).hasSingleBean(LogTraceCoverage.class)
			.hasSingleBean(TraceCoverageInstaller.class));
		runner.withClassLoader(new FilteredClassLoader("ch.qos.logback"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LogTraceCoverage.class));
		runner.withPropertyValues("observability.selfcheck.logs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LogTraceCoverage.class));
	}

	@Test
	void aTopSourcesBelowOneStopsStartupNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SelfCheckAutoConfiguration.class))
			.withPropertyValues("observability.selfcheck.logs.top-sources=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.selfcheck.logs.top-sources"));
	}

	private static double count(SimpleMeterRegistry registry, String level, String trace) {
		return registry.get(LogTraceCoverage.EVENTS).tag("level", level).tag("trace", trace).functionCounter().count();
	}

	/** Runs on a thread started after startup, like a raw thread a request starts. */
	private static void onNewThread(Runnable work) throws InterruptedException {
		Thread thread = new Thread(work);
		thread.start();
		thread.join();
	}

}
