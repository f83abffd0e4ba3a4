package dev.observability.naming;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.observability.sample.support.ExternalTool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Micrometer's virtual-thread binder ({@code micrometer-java21}, on the test classpath of
 * both legs), which Spring Boot binds whenever its class loads: on Java 21+ pinning and
 * failed submissions are measured and the whole scrape stays promtool-clean; on Java 17
 * the jar on the classpath changes nothing and breaks nothing. Java 21 APIs are called
 * reflectively: the tests compile with release 17.
 */
class VirtualThreadMetricsIntegrationTests {

	private static final String BINDER_CLASS_FILE = "io/micrometer/java21/instrument/binder/jdk/VirtualThreadMetrics.class";

	private static final String BINDER_CLASS = "io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics";

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21,
			disabledReason = "virtual-thread metrics need Java 21+: this test runs on the matrix's Java 25 leg (.ci/run)")
	void pinnedVirtualThreadIsTimedAndTheScrapeWithVirtualThreadMetersPassesPromtool() throws Exception {
		ExternalTool.require("promtool", "prometheus");
		try (ConfigurableApplicationContext context = start()) {
			assertThat(binders(context)).as("Boot's virtual-thread binder").isEqualTo(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer pinned = registry.get("jvm.threads.virtual.pinned").timer();
			assertThat(registry.get("jvm.threads.virtual.submit.failed").counter().count()).isZero();
			Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
				.invoke(null, (Runnable) PinnedWhileInitializing::touch);
			thread.join();
			// JFR streams its events about once a second
			await().atMost(Duration.ofSeconds(30)).until(() -> pinned.count() >= 1);
			assertThat(pinned.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(PinnedWhileInitializing.MILLIS);
			String scrape = context.getBean(PrometheusMeterRegistry.class)
				.scrape("text/plain; version=0.0.4; charset=utf-8");
			assertThat(scrape).contains("# HELP jvm_threads_virtual_pinned_seconds ")
				.contains("jvm_threads_virtual_pinned_seconds_count 1")
				.contains("# TYPE jvm_threads_virtual_submit_failed_total counter")
				.contains("# HELP jvm_threads_virtual_submit_failed_total ")
				.contains("jvm_threads_virtual_submit_failed_total 0.0");
			assertThat(ExternalTool.promtoolFindings(scrape)).as("promtool findings").isEmpty();
		}
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20,
			disabledReason = "checks the Java 17 baseline: on Java 21+ the binder loads and is bound")
	void onJava17TheBinderJarOnTheClasspathIsNeverBoundAndTheApplicationStarts() {
		assertThat(getClass().getClassLoader().getResource(BINDER_CLASS_FILE)).as("micrometer-java21 on the classpath")
			.isNotNull();
		try (ConfigurableApplicationContext context = start()) {
			assertThat(binders(context)).as("virtual-thread binders").isZero();
			assertThat(context.getBean(MeterRegistry.class).find("jvm.threads.virtual.pinned").meters()).isEmpty();
			assertThat(context.getBean(PrometheusMeterRegistry.class).scrape()).contains("jvm_threads_live_threads")
				.doesNotContain("jvm_threads_virtual");
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run();
	}

	private static long binders(ConfigurableApplicationContext context) {
		return context.getBeansOfType(MeterBinder.class)
			.values()
			.stream()
			.filter((binder) -> binder.getClass().getName().equals(BINDER_CLASS))
			.count();
	}

	/**
	 * Its class initializer parks: a virtual thread that initializes it cannot unmount
	 * and stays pinned to its carrier for that long (Java 24+ no longer pins in
	 * {@code synchronized}).
	 */
	static final class PinnedWhileInitializing {

		static final long MILLIS = 60;

		static {
			// stands for slow work done while pinned, which is what the test measures
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
			for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
		}

		private PinnedWhileInitializing() {
		}

		static void touch() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
