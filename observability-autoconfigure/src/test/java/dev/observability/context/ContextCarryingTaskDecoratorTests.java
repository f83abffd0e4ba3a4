package dev.observability.context;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decorator without Spring, with each way of carrying the span: the OpenTelemetry
 * context (what the auto-configuration installs on the OpenTelemetry bridge) and the
 * Micrometer {@link Tracer} (used with any other tracer).
 */
@SuppressWarnings("try") // span scopes are held only for their extent
class ContextCarryingTaskDecoratorTests {

	private final SdkTracerProvider provider = SdkTracerProvider.builder().build();

	private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();

	private final Tracer tracer = new OtelTracer(this.provider.get("test"), this.current, (event) -> {
	}, new OtelBaggageManager(this.current, List.of(), List.of()));

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	@AfterEach
	void close() throws InterruptedException {
		this.pool.shutdown();
		this.pool.awaitTermination(10, TimeUnit.SECONDS);
		this.provider.close();
		MDC.clear();
	}

	private ContextCarryingTaskDecorator decorator(String carrier) {
		ThreadLocalAccessor<?> accessor = "otel".equals(carrier) ? new OtelContextAccessor()
				: new SpanAccessor(this.tracer);
		return ContextCarryingTaskDecorator.of(List.of(accessor), "route", "tenant");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otel", "span" })
	void aSpanStartedInTheTaskIsAChildOfTheSubmittingSpan(String carrier) throws Exception {
		ContextCarryingTaskDecorator decorator = decorator(carrier);
		Span request = this.tracer.nextSpan().name("request").start();
		Future<String[]> seen;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			MDC.put("tenant", "acme");
			seen = this.pool.submit(decorator.decorate(() -> {
				Span child = this.tracer.nextSpan().name("child").start();
				try {
					return new String[] { child.context().traceId(), child.context().parentId(), MDC.get("tenant") };
				}
				finally {
					child.end();
				}
			}));
		}
		finally {
			request.end();
		}
		assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(request.context().traceId(),
				request.context().spanId(), "acme");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otel", "span" })
	void noTaskSeesAForeignTraceOrMdcValueOnAPooledThread(String carrier) throws Exception {
		ContextCarryingTaskDecorator decorator = decorator(carrier);
		AtomicInteger foreign = new AtomicInteger();
		Future<?> last = null;
		for (int i = 0; i < 2_000; i++) {
			if (i % 2 == 0) {
				Span span = this.tracer.nextSpan().name("task-" + i).start();
				String expected = span.context().traceId();
				String tenant = "tenant-" + i;
				try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
					MDC.put("tenant", tenant);
					last = this.pool.submit(decorator.decorate(() -> {
						Span now = this.tracer.currentSpan();
						if (now == null || !expected.equals(now.context().traceId())
								|| !tenant.equals(MDC.get("tenant"))) {
							foreign.incrementAndGet();
						}
					}));
				}
				finally {
					MDC.remove("tenant");
					span.end();
				}
			}
			else {
				last = this.pool.submit(decorator.decorate(() -> {
					if (this.tracer.currentSpan() != null || MDC.get("tenant") != null) {
						foreign.incrementAndGet();
					}
				}));
			}
		}
		last.get(30, TimeUnit.SECONDS);
		assertThat(foreign).hasValue(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "otel", "span" })
	void aTraceIdLeftInAWorkersMdcIsNotSeenByTheNextTaskAndIsPutBackAfterIt(String carrier) throws Exception {
		ThreadLocalAccessor<?> accessor = "otel".equals(carrier) ? new OtelContextAccessor()
				: new SpanAccessor(this.tracer);
		ContextCarryingTaskDecorator decorator = ContextCarryingTaskDecorator.of(List.of(accessor), "traceId", "spanId",
				"tenant");
		Runnable decorated = decorator.decorate(() -> {
			if (MDC.get("traceId") != null) {
				throw new IllegalStateException("foreign traceId " + MDC.get("traceId"));
			}
		});
		this.pool.submit(() -> MDC.put("traceId", "left-behind")).get(10, TimeUnit.SECONDS);
		this.pool.submit(decorated).get(10, TimeUnit.SECONDS);
		assertThat(this.pool.submit(() -> MDC.get("traceId")).get(10, TimeUnit.SECONDS)).isEqualTo("left-behind");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otel", "span" })
	void theWorkersOwnSpanIsBackAfterTheTask(String carrier) {
		ContextCarryingTaskDecorator decorator = decorator(carrier);
		Runnable clean = decorator.decorate(() -> assertThat(this.tracer.currentSpan()).isNull());
		Span workers = this.tracer.nextSpan().name("worker").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(workers)) {
			clean.run();
			assertThat(this.tracer.currentSpan().context().spanId()).isEqualTo(workers.context().spanId());
		}
		finally {
			workers.end();
		}
	}

}
