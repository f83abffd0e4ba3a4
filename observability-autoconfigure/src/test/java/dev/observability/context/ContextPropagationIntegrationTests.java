package dev.observability.context;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real tracing (OpenTelemetry through Micrometer Tracing), real thread pools, real
 * {@code @Async} and {@code @Scheduled}, in one running application.
 */
@SuppressWarnings("try") // span scopes are held only for their extent
class ContextPropagationIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static Tracer tracer;

	private static InMemorySpanExporter spans;

	private static RecordingListener listener;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("management.tracing.sampling.probability=1.0", "spring.task.execution.mode=force",
					"observability.context.mdc-keys=tenant",
					"observability.context.excluded-executors=excludedExecutor")
			.run();
		tracer = context.getBean(Tracer.class);
		tracerRef.set(tracer);
		spans = context.getBean(InMemorySpanExporter.class);
		listener = context.getBean(RecordingListener.class);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void clean() {
		MDC.clear();
		listener.events.clear();
	}

	@Test
	void asyncMethodRunsInTheRequestTraceAndItsSpanIsAChildOfTheRequestSpan() throws Exception {
		Span request = tracer.nextSpan().name("request").start();
		Observed observed;
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			MDC.put("route", "/api/orders");
			MDC.put("tenant", "acme");
			observed = context.getBean(AsyncWorker.class).work().get(5, TimeUnit.SECONDS);
		}
		finally {
			request.end();
			MDC.clear();
		}
		assertThat(observed.thread()).startsWith("task-");
		assertThat(observed.traceId()).isEqualTo(request.context().traceId());
		assertThat(observed.mdc()).containsEntry("traceId", request.context().traceId())
			.containsEntry("route", "/api/orders")
			.containsEntry("tenant", "acme");
		SpanData child = exported("async-child");
		assertThat(child.getTraceId()).isEqualTo(request.context().traceId());
		assertThat(child.getParentSpanId()).isEqualTo(request.context().spanId());
	}

	@Test
	void bootsApplicationTaskExecutorIsDecorated() {
		context.getBean("applicationTaskExecutor");
		ExecutorCoverage coverage = context.getBean(ExecutorCoverage.class);
		assertThat(coverage.statusOf("applicationTaskExecutor")).isEqualTo(ExecutorCoverage.Status.DECORATED);
		Span request = tracer.nextSpan().name("request").start();
		AtomicReference<String> seen = new AtomicReference<>();
		ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			executor.execute(() -> seen.set(MDC.get("traceId")));
		}
		finally {
			request.end();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(seen.get()).isEqualTo(request.context().traceId()));
	}

	@Test
	void userExecutorBeansOfEverySupportedTypeCarryContext() throws Exception {
		ExecutorCoverage coverage = context.getBean(ExecutorCoverage.class);
		assertThat(coverage.executors()).containsEntry("poolTaskExecutor", ExecutorCoverage.Status.DECORATED)
			.containsEntry("poolTaskScheduler", ExecutorCoverage.Status.DECORATED)
			.containsEntry("plainExecutor", ExecutorCoverage.Status.WRAPPED)
			.containsEntry("executorService", ExecutorCoverage.Status.WRAPPED)
			.containsEntry("scheduledExecutorService", ExecutorCoverage.Status.WRAPPED)
			.containsEntry("excludedExecutor", ExecutorCoverage.Status.EXCLUDED)
			.containsEntry("otherTaskExecutor", ExecutorCoverage.Status.NOT_COVERED);
		assertThat(coverage.uncovered()).containsExactlyInAnyOrder("excludedExecutor", "otherTaskExecutor");
		assertThat(context.getBean("scheduledExecutorService")).isInstanceOf(ScheduledExecutorService.class);

		for (String name : List.of("poolTaskExecutor", "poolTaskScheduler", "plainExecutor", "executorService",
				"scheduledExecutorService")) {
			Executor executor = context.getBean(name, Executor.class);
			Span request = tracer.nextSpan().name("request").start();
			CompletableFuture<String> seen = new CompletableFuture<>();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				executor
					.execute(() -> seen.complete(tracer.currentSpan().context().traceId() + "/" + MDC.get("traceId")));
			}
			finally {
				request.end();
			}
			String traceId = request.context().traceId();
			assertThat(seen.get(5, TimeUnit.SECONDS)).as(name).isEqualTo(traceId + "/" + traceId);
		}
		ScheduledExecutorService scheduled = context.getBean("scheduledExecutorService",
				ScheduledExecutorService.class);
		MDC.put("route", "/scheduled");
		ScheduledFuture<String> later = scheduled.schedule(() -> MDC.get("route"), 1, TimeUnit.MILLISECONDS);
		MDC.remove("route");
		assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("/scheduled");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void noTaskObservesAForeignTraceIdOrMdcValue(int threads) throws Exception {
		ExecutorService pool = ContextPropagation.wrap(Executors.newFixedThreadPool(threads));
		int tasks = 10_000;
		AtomicInteger foreign = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(tasks);
		try {
			for (int i = 0; i < tasks; i++) {
				if (i % 2 == 0) {
					Span span = tracer.nextSpan().name("submit-" + i).start();
					String expected = span.context().traceId();
					String route = "/route/" + i;
					try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
						MDC.put("route", route);
						MDC.put("tenant", "t" + i);
						pool.execute(() -> {
							Span current = tracer.currentSpan();
							boolean ok = current != null && expected.equals(current.context().traceId())
									&& expected.equals(MDC.get("traceId")) && route.equals(MDC.get("route"))
									&& MDC.get("tenant") != null && MDC.get("code") == null;
							// pollute the worker: the next task must not see it
							MDC.put("code", "500");
							count(ok, foreign, done);
						});
					}
					finally {
						MDC.clear();
						span.end();
					}
				}
				else {
					pool.execute(() -> {
						boolean ok = tracer.currentSpan() == null && MDC.get("traceId") == null
								&& MDC.get("route") == null && MDC.get("tenant") == null && MDC.get("code") == null;
						count(ok, foreign, done);
					});
				}
			}
			assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
			assertThat(foreign.get()).isZero();
			// the workers are back to their own (empty) state
			assertThat(pool
				.submit(() -> tracer.currentSpan() == null && MDC.getCopyOfContextMap() == null
						|| MDC.getCopyOfContextMap().isEmpty())
				.get()).isTrue();
		}
		finally {
			pool.shutdownNow();
			spans.reset();
		}
	}

	private static void count(boolean ok, AtomicInteger foreign, CountDownLatch done) {
		if (!ok) {
			foreign.incrementAndGet();
		}
		done.countDown();
	}

	@Test
	void panicInAsyncTaskIsReportedWithContextAndStillThrown() throws Exception {
		ExecutorService service = context.getBean("executorService", ExecutorService.class);
		IllegalStateException boom = new IllegalStateException("boom");
		MDC.put("route", "/boom");
		Future<?> future = service.submit(() -> {
			throw boom;
		});
		MDC.clear();
		assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isSameAs(boom);
		assertThat(asyncEvents()).containsExactly(new Event("async", boom, "/boom"));

		listener.events.clear();
		ThreadPoolTaskExecutor poolExecutor = context.getBean("poolTaskExecutor", ThreadPoolTaskExecutor.class);
		Future<?> submitted = poolExecutor.submit(() -> {
			throw boom;
		});
		assertThatThrownBy(() -> submitted.get(5, TimeUnit.SECONDS)).cause().isSameAs(boom);
		await().atMost(Duration.ofSeconds(5)).until(() -> asyncEvents().size() == 1);
		assertThat(asyncEvents().get(0).exception()).isSameAs(boom);
	}

	@Test
	void taskExceptionPropagatesUnchangedWhenAListenerThrows() {
		ContextCarryingTaskDecorator decorator = new ContextCarryingTaskDecorator(List.of(), new String[] { "route" },
				new TaskExceptionNotifier(() -> List.of((source, ex) -> {
					throw new IllegalArgumentException("listener failed");
				}, listener)));
		IllegalStateException boom = new IllegalStateException("boom");
		Runnable task = decorator.decorate((Runnable) () -> {
			throw boom;
		});
		assertThatThrownBy(task::run).isSameAs(boom);
		assertThat(asyncEvents()).extracting(Event::exception).containsExactly(boom);
	}

	@Test
	void rejectedTaskIsRejectedAsBefore() throws Exception {
		ThreadPoolExecutor full = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
		ExecutorService pool = ContextPropagation.wrap(full);
		CountDownLatch release = new CountDownLatch(1);
		try {
			pool.execute(() -> awaitLatch(release));
			pool.execute(() -> {
			});
			assertThatThrownBy(() -> pool.execute(() -> {
			})).isInstanceOf(RejectedExecutionException.class);
		}
		finally {
			release.countDown();
			pool.shutdown();
		}
	}

	@Test
	void scheduledJobStartsAFreshTraceOnEveryRun() {
		ScheduledJob job = context.getBean(ScheduledJob.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> job.runs.size() >= 3);
		List<String[]> runs = List.copyOf(job.runs);
		for (String[] run : runs) {
			// traceId in the MDC is the span's own trace, and the span has no parent
			assertThat(run[0]).isNotNull().isEqualTo(run[1]);
			assertThat(run[2]).as("leaked route").isNull();
		}
		assertThat(runs.stream().map((run) -> run[0]).distinct().count()).isEqualTo(runs.size());
		List<SpanData> jobSpans = spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().contains("scheduled"))
			.toList();
		assertThat(jobSpans).isNotEmpty()
			.allSatisfy((span) -> assertThat(span.getParentSpanContext().isValid()).as("has a parent").isFalse());
	}

	@Test
	void panicInScheduledJobIsReportedWhileItsSpanIsCurrent() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> listener.events.stream().anyMatch((event) -> event.source().equals("scheduled")));
		Event event = listener.events.stream().filter((e) -> e.source().equals("scheduled")).findFirst().get();
		assertThat(event.exception()).hasMessage("scheduled boom");
		// the listener saw the run's trace id in the MDC and its span as the current one
		String[] seen = event.traceId().split("/");
		assertThat(seen[0]).isNotEqualTo("null");
		assertThat(seen[1]).contains(seen[0]);
	}

	private static List<Event> asyncEvents() {
		return listener.events.stream().filter((event) -> event.source().equals("async")).toList();
	}

	private static SpanData exported(String name) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> spans.getFinishedSpanItems().stream().anyMatch((span) -> span.getName().equals(name)));
		return spans.getFinishedSpanItems().stream().filter((span) -> span.getName().equals(name)).findFirst().get();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Observed(String thread, String traceId, Map<String, String> mdc) {
	}

	record Event(String source, Throwable exception, String traceId) {
	}

	static final AtomicReference<Tracer> tracerRef = new AtomicReference<>();

	static class RecordingListener implements TaskExceptionListener {

		final List<Event> events = new CopyOnWriteArrayList<>();

		@Override
		public void onTaskException(String source, Throwable exception) {
			String where = source.equals("scheduled") ? MDC.get("traceId") + "/" + tracerRef.get().currentSpan()
					: MDC.get("route");
			this.events.add(new Event(source, exception, where));
		}

	}

	static class AsyncWorker {

		private final Tracer tracer;

		AsyncWorker(Tracer tracer) {
			this.tracer = tracer;
		}

		@Async
		CompletableFuture<Observed> work() {
			Span child = this.tracer.nextSpan().name("async-child").start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(child)) {
				return CompletableFuture.completedFuture(new Observed(Thread.currentThread().getName(),
						this.tracer.currentSpan().context().traceId(), MDC.getCopyOfContextMap()));
			}
			finally {
				child.end();
			}
		}

	}

	static class ScheduledJob {

		private final Tracer tracer;

		final BlockingQueue<String[]> runs = new ArrayBlockingQueue<>(1000);

		ScheduledJob(Tracer tracer) {
			this.tracer = tracer;
		}

		@Scheduled(fixedDelay = 50)
		void tick() {
			Span current = this.tracer.currentSpan();
			this.runs.offer(new String[] { MDC.get("traceId"), (current != null) ? current.context().traceId() : null,
					MDC.get("route") });
			// leave a mess on the scheduler thread: the next run must not inherit it
			MDC.put("route", "/leaked");
		}

		@Scheduled(fixedDelay = 1000)
		void fail() {
			throw new IllegalStateException("scheduled boom");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class TestApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
			return SimpleSpanProcessor.create(exporter);
		}

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

		@Bean
		AsyncWorker asyncWorker(Tracer tracer) {
			return new AsyncWorker(tracer);
		}

		@Bean
		ScheduledJob scheduledJob(Tracer tracer) {
			return new ScheduledJob(tracer);
		}

		@Bean
		ThreadPoolTaskExecutor poolTaskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			return executor;
		}

		@Bean
		ThreadPoolTaskScheduler poolTaskScheduler() {
			return new ThreadPoolTaskScheduler();
		}

		@Bean
		Executor plainExecutor() {
			return (task) -> new Thread(task).start();
		}

		@Bean(destroyMethod = "shutdown")
		ExecutorService executorService() {
			return Executors.newFixedThreadPool(2);
		}

		@Bean(destroyMethod = "shutdown")
		ScheduledExecutorService scheduledExecutorService() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean(destroyMethod = "shutdown")
		ExecutorService excludedExecutor() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean
		TaskExecutor otherTaskExecutor() {
			return new SyncTaskExecutor();
		}

	}

}
