package dev.observability.context;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.observability.doctor.AsyncExecutorCheck;
import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Async} methods get their caller's trace context and MDC whatever executor
 * Spring chooses for them: its fallback {@code SimpleAsyncTaskExecutor} (a user
 * {@code ExecutorService} bean made Boot's {@code applicationTaskExecutor} back off), a
 * bean named in {@code @Async("...")}, an {@code AsyncConfigurer}'s executor; and
 * Spring's own {@code ContextPropagatingTaskDecorator} beside the starter's puts nothing
 * in place twice. Real tracing, real thread pools.
 */
@SuppressWarnings("try") // span scopes are held only for their extent
class AsyncExecutorChoiceIntegrationTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		MDC.clear();
		if (this.context != null) {
			this.context.close();
		}
		ContextRegistry.getInstance().removeThreadLocalAccessor(CountingAccessor.KEY);
	}

	/**
	 * Boot 4.1 declares a task scheduler even without {@code @EnableScheduling}, and
	 * Spring then picks it as the one {@code TaskExecutor}; without it, as on Boot 4.0,
	 * Spring falls back to a {@code SimpleAsyncTaskExecutor} of its own.
	 */
	private static final String NO_TASK_SCHEDULER = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration";

	@Test
	void asyncMethodOnSpringsFallbackExecutorRunsInTheCallersTraceWithItsMdc() throws Exception {
		this.context = start(FallbackApplication.class, NO_TASK_SCHEDULER);
		Tracer tracer = this.context.getBean(Tracer.class);
		Span request = tracer.nextSpan().name("request").start();
		Observed observed = call(tracer, request, () -> this.context.getBean(Worker.class).onDefaultExecutor());
		assertThat(observed.thread()).startsWith("SimpleAsyncTaskExecutor-");
		assertThat(observed.traceId()).isEqualTo(request.context().traceId());
		assertThat(observed.mdc()).containsEntry("traceId", request.context().traceId())
			.containsEntry("route", "/api/orders");
		SpanData child = this.context.getBean(InMemorySpanExporter.class)
			.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals("async-child"))
			.findFirst()
			.orElseThrow();
		assertThat(child.getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(this.context.getBean(CountingAccessor.class).puts.get()).isOne();
	}

	@Test
	void pitfallReportNamesSpringsFallbackExecutorAndSaysContextIsCarried() {
		this.context = start(FallbackApplication.class, NO_TASK_SCHEDULER);
		Finding finding = asyncFinding();
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("Spring's fallback SimpleAsyncTaskExecutor").contains("worker");
	}

	@Test
	void pitfallReportFailsWhenAsyncMethodsRunOnTheFallbackWithoutPropagation() {
		this.context = start(FallbackApplication.class, NO_TASK_SCHEDULER, "observability.context.enabled=false");
		Finding finding = asyncFinding();
		assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
		assertThat(finding.message()).contains("Spring's fallback SimpleAsyncTaskExecutor")
			.contains("carries no trace context");
	}

	@Test
	void pitfallReportNamesTheExecutorSpringPicksOnEachBootLine() throws Exception {
		this.context = start(FallbackApplication.class);
		boolean boot40 = SpringBootVersion.getVersion().startsWith("4.0.");
		assertThat(asyncFinding().message()).contains(
				boot40 ? "Spring's fallback SimpleAsyncTaskExecutor" : "'taskScheduler' (ThreadPoolTaskScheduler)");
		Tracer tracer = this.context.getBean(Tracer.class);
		Span request = tracer.nextSpan().name("request").start();
		Observed observed = call(tracer, request, () -> this.context.getBean(Worker.class).onDefaultExecutor());
		assertThat(observed.thread()).startsWith(boot40 ? "SimpleAsyncTaskExecutor-" : "scheduling-");
		assertThat(observed.traceId()).isEqualTo(request.context().traceId());
		assertThat(observed.mdc()).containsEntry("route", "/api/orders");
	}

	@Test
	void asyncMethodNamingAUserExecutorBeanGetsTheContextPutInPlaceOnce() throws Exception {
		this.context = start(FallbackApplication.class);
		Tracer tracer = this.context.getBean(Tracer.class);
		Span request = tracer.nextSpan().name("request").start();
		Observed observed = call(tracer, request, () -> this.context.getBean(Worker.class).onFanOutPool());
		assertThat(observed.thread()).startsWith("pool-");
		assertThat(observed.traceId()).isEqualTo(request.context().traceId());
		assertThat(observed.mdc()).containsEntry("route", "/api/orders");
		// the wrapped pool put it in place; the @Async interceptor saw it there and left
		// it
		assertThat(this.context.getBean(CountingAccessor.class).puts.get()).isOne();
	}

	@Test
	void asyncMethodOnAnAsyncConfigurersOwnExecutorRunsInTheCallersTrace() throws Exception {
		this.context = start(ConfigurerApplication.class);
		Tracer tracer = this.context.getBean(Tracer.class);
		Span request = tracer.nextSpan().name("request").start();
		Observed observed = call(tracer, request, () -> this.context.getBean(Worker.class).onDefaultExecutor());
		assertThat(observed.thread()).startsWith("configured-");
		assertThat(observed.traceId()).isEqualTo(request.context().traceId());
		assertThat(observed.mdc()).containsEntry("route", "/api/orders");
		assertThat(this.context.getBean(CountingAccessor.class).puts.get()).isOne();
		assertThat(asyncFinding().message()).contains("AsyncConfigurer '").contains("ConfigurerApplication'");
	}

	@Test
	void springsContextPropagatingTaskDecoratorBesideTheStartersPutsNothingInPlaceTwice() throws Exception {
		// what a user does who follows Spring's documentation: a global accessor and
		// Spring's decorator bean (Boot 4.1's
		// spring.task.execution.propagate-context=true
		// declares the same bean)
		CountingAccessor global = new CountingAccessor();
		ContextRegistry.getInstance().registerThreadLocalAccessor(global);
		this.context = start(SpringDecoratorApplication.class);
		assertThat(this.context.getBean(ContextPropagatingTaskDecorator.class)).isNotNull();
		Tracer tracer = this.context.getBean(Tracer.class);
		Span request = tracer.nextSpan().name("request").start();
		Observed observed = call(tracer, request, () -> this.context.getBean(Worker.class).onDefaultExecutor());
		assertThat(observed.thread()).startsWith("task-");
		assertThat(observed.traceId()).isEqualTo(request.context().traceId());
		assertThat(observed.mdc()).containsEntry("traceId", request.context().traceId())
			.containsEntry("route", "/api/orders");
		assertThat(this.context.getBean(CountingAccessor.class).puts.get() + global.puts.get()).isOne();
	}

	private Finding asyncFinding() {
		List<Finding> findings = this.context.getBean(AsyncExecutorCheck.class).check();
		assertThat(findings).hasSize(1);
		return findings.get(0);
	}

	private static Observed call(Tracer tracer, Span request, AsyncCall call) throws Exception {
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			MDC.put("route", "/api/orders");
			CountingAccessor.VALUE.set("from-caller");
			return call.call().get(10, TimeUnit.SECONDS);
		}
		finally {
			request.end();
			MDC.clear();
			CountingAccessor.VALUE.remove();
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("management.tracing.sampling.probability=1.0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@FunctionalInterface
	interface AsyncCall {

		CompletableFuture<Observed> call();

	}

	record Observed(String thread, String traceId, Map<String, String> mdc) {
	}

	/** A user's thread local, carried by the starter as an accessor bean. */
	static class CountingAccessor implements ThreadLocalAccessor<String> {

		static final String KEY = "test.counting";

		static final ThreadLocal<String> VALUE = new ThreadLocal<>();

		final AtomicInteger puts = new AtomicInteger();

		@Override
		public Object key() {
			return KEY;
		}

		@Override
		public String getValue() {
			return VALUE.get();
		}

		@Override
		public void setValue(String value) {
			this.puts.incrementAndGet();
			VALUE.set(value);
		}

		@Override
		public void setValue() {
			VALUE.remove();
		}

	}

	static class Worker {

		private final Tracer tracer;

		Worker(Tracer tracer) {
			this.tracer = tracer;
		}

		@Async
		CompletableFuture<Observed> onDefaultExecutor() {
			return CompletableFuture.completedFuture(observe());
		}

		@Async("fanOutPool")
		CompletableFuture<Observed> onFanOutPool() {
			return CompletableFuture.completedFuture(observe());
		}

		private Observed observe() {
			Span child = this.tracer.nextSpan().name("async-child").start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(child)) {
				return new Observed(Thread.currentThread().getName(), this.tracer.currentSpan().context().traceId(),
						MDC.getCopyOfContextMap());
			}
			finally {
				child.end();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	static class Common {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
			return SimpleSpanProcessor.create(exporter);
		}

		@Bean
		CountingAccessor countingAccessor() {
			return new CountingAccessor();
		}

		@Bean
		Worker worker(Tracer tracer) {
			return new Worker(tracer);
		}

	}

	/** A fan-out pool as teams define it: Boot's applicationTaskExecutor backs off. */
	@Configuration(proxyBeanMethods = false)
	@Import(Common.class)
	static class FallbackApplication {

		@Bean(destroyMethod = "shutdown")
		ExecutorService fanOutPool() {
			return Executors.newFixedThreadPool(2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Common.class)
	static class ConfigurerApplication implements AsyncConfigurer {

		@Override
		public Executor getAsyncExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("configured-");
			executor.initialize();
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Common.class)
	static class SpringDecoratorApplication {

		@Bean
		ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
			return new ContextPropagatingTaskDecorator();
		}

	}

}
