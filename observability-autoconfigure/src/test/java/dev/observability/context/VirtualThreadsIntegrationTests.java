package dev.observability.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.threads.virtual.enabled=true}: {@code @Async}, {@code @Scheduled}
 * and the starter's wrappers around Java 21's virtual-thread executor and factory keep
 * the trace context and MDC, and nothing leaks from one task to the next over 10,000
 * alternating tasks. On the matrix's Java 25 leg the fork has two carrier threads
 * ({@code -Djdk.virtualThreadScheduler.parallelism=2}, {@code -Dboot41}). Java 21 APIs
 * are called reflectively: the tests compile with release 17.
 */
@EnabledForJreRange(min = JRE.JAVA_21,
		disabledReason = "virtual threads need Java 21+: these tests run on the matrix's Java 25 leg (.ci/run)")
@SuppressWarnings("try") // span scopes are held only for their extent
class VirtualThreadsIntegrationTests {

	private static final int TASKS = 10_000;

	private static ConfigurableApplicationContext context;

	private static Tracer tracer;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.threads.virtual.enabled=true", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.run();
		tracer = context.getBean(Tracer.class);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void asyncMethodsOnVirtualThreadsGetTheirCallersContextAndNothingLeaksOverTenThousandAlternatingTasks()
			throws Exception {
		Worker worker = context.getBean(Worker.class);
		assertThat(alternating(worker::run)).isZero();
		assertThat(worker.virtualRuns()).isEqualTo(TASKS);
	}

	@Test
	void wrappedVirtualThreadPerTaskExecutorCarriesContextAndNothingLeaksOverTenThousandAlternatingTasks()
			throws Exception {
		ExecutorService executor = ContextPropagation
			.wrap((ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null));
		try {
			assertThat(alternating(executor::execute)).isZero();
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void wrappedVirtualThreadFactoryCarriesContextAndNothingLeaksOverTenThousandAlternatingTasks() throws Exception {
		Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
		ThreadFactory factory = ContextPropagation.wrapThreadFactory(
				(ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder));
		assertThat(alternating((task) -> factory.newThread(task).start())).isZero();
	}

	@Test
	void scheduledJobsOnVirtualThreadsStartAFreshTraceOnEveryRunAndInheritNothing() throws Exception {
		ScheduledJob job = context.getBean(ScheduledJob.class);
		job.runs.clear();
		List<String[]> runs = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			job.runs.drainTo(runs);
			return runs.size() >= 5;
		});
		Set<String> traceIds = new HashSet<>();
		for (String[] run : runs) {
			assertThat(run[0]).as("MDC traceId").isNotNull().isEqualTo(run[1]);
			assertThat(run[2]).as("route left by an earlier run").isNull();
			assertThat(run[3]).as("virtual thread").isEqualTo("true");
			traceIds.add(run[0]);
		}
		assertThat(traceIds).hasSameSizeAs(runs);
	}

	/**
	 * Submits {@link #TASKS} tasks, every other one from inside a request span with MDC
	 * entries and the others from a clean thread; every task leaves a mess behind.
	 * @return how many tasks saw something other than their submitter's context
	 */
	private static int alternating(Consumer<Runnable> submit) throws Exception {
		AtomicInteger foreign = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(TASKS);
		for (int i = 0; i < TASKS; i++) {
			if (i % 2 == 0) {
				Span request = tracer.nextSpan().name("request").start();
				try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
					String traceId = request.context().traceId();
					String route = "/orders/" + i;
					MDC.put("route", route);
					submit.accept(() -> check(traceId.equals(MDC.get("traceId")) && route.equals(MDC.get("route"))
							&& tracer.currentSpan() != null && traceId.equals(tracer.currentSpan().context().traceId()),
							foreign, done));
				}
				finally {
					request.end();
					MDC.clear();
				}
			}
			else {
				submit.accept(() -> check(
						MDC.get("traceId") == null && MDC.get("route") == null && tracer.currentSpan() == null, foreign,
						done));
			}
		}
		assertThat(done.await(60, TimeUnit.SECONDS)).as("all tasks ran").isTrue();
		return foreign.get();
	}

	private static void check(boolean ok, AtomicInteger foreign, CountDownLatch done) {
		if (!ok) {
			foreign.incrementAndGet();
		}
		// leave a mess on the thread: the next task must not see it
		MDC.put("route", "/leaked");
		done.countDown();
	}

	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	static class Worker {

		private final AtomicInteger virtual = new AtomicInteger();

		int virtualRuns() {
			return this.virtual.get();
		}

		@Async
		void run(Runnable task) {
			if (isVirtual(Thread.currentThread())) {
				this.virtual.incrementAndGet();
			}
			task.run();
		}

	}

	static class ScheduledJob {

		private final Tracer tracer;

		final BlockingQueue<String[]> runs = new ArrayBlockingQueue<>(1000);

		ScheduledJob(Tracer tracer) {
			this.tracer = tracer;
		}

		@Scheduled(fixedDelay = 20)
		void tick() {
			Span current = this.tracer.currentSpan();
			this.runs.offer(new String[] { MDC.get("traceId"), (current != null) ? current.context().traceId() : null,
					MDC.get("route"), String.valueOf(isVirtual(Thread.currentThread())) });
			MDC.put("route", "/leaked");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class TestApplication {

		@Bean
		Worker worker() {
			return new Worker();
		}

		@Bean
		ScheduledJob scheduledJob(Tracer tracer) {
			return new ScheduledJob(tracer);
		}

	}

}
