package dev.observability.context;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.benchmarks.BenchmarkTracing;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * What the context decorator adds to one task, split at the thread boundary:
 * {@code capture} is the submitting side (a sampled span in scope and five MDC keys, as
 * during a request), {@code runOnCleanWorker} the worker side (restore, run, put the
 * worker's empty state back). Their sum is the added cost per task; run with
 * {@code -prof gc} for the bytes.
 * <p>
 * {@code carrier=otel} is what the auto-configuration installs on Micrometer's
 * OpenTelemetry bridge (the OpenTelemetry context is carried as it is);
 * {@code carrier=span} is the generic path through the Micrometer {@code Tracer}, used
 * with other tracers.
 * <p>
 * On Java 21+, {@code -jvmArgsAppend -Djmh.executor=VIRTUAL} runs the benchmark threads
 * as virtual threads (JMH 1.37); the worker side prints the thread it is measured on.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@SuppressWarnings("try") // scopes are held only for their extent
public class ContextDecoratorBenchmark {

	private static final Runnable TASK = () -> {
	};

	private static ThreadLocalAccessor<?> carrier(String carrier, BenchmarkTracing tracing) {
		return "otel".equals(carrier) ? new OtelContextAccessor() : new SpanAccessor(tracing.tracer);
	}

	private static String[] mdcKeys() {
		List<String> keys = new java.util.ArrayList<>(ContextPropagationProperties.DEFAULT_MDC_KEYS);
		keys.add("tenant");
		return keys.toArray(String[]::new);
	}

	/** A submitting thread in the middle of a request. */
	@State(org.openjdk.jmh.annotations.Scope.Thread)
	public static class Submitter {

		@Param({ "otel", "span" })
		String carrier;

		BenchmarkTracing tracing;

		ContextCarryingTaskDecorator decorator;

		Span span;

		Tracer.SpanInScope scope;

		@Setup(Level.Trial)
		public void setUp() {
			this.tracing = new BenchmarkTracing(Sampler.alwaysOn());
			this.decorator = ContextCarryingTaskDecorator.of(List.of(carrier(this.carrier, this.tracing)), mdcKeys());
			this.span = this.tracing.tracer.nextSpan().name("request").start();
			this.scope = this.tracing.tracer.withSpan(this.span);
			MDC.put("method", "GET");
			MDC.put("route", "/api/users/{id}");
			MDC.put("code", "200");
			MDC.put("service", "shop");
			MDC.put("tenant", "acme");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			MDC.clear();
			this.scope.close();
			this.span.end();
			this.tracing.close();
		}

	}

	/**
	 * A worker thread with nothing in context, holding a task decorated during a request.
	 */
	@State(org.openjdk.jmh.annotations.Scope.Thread)
	public static class Worker {

		@Param({ "otel", "span" })
		String carrier;

		BenchmarkTracing tracing;

		Runnable decorated;

		@Setup(Level.Trial)
		public void setUp() {
			// Says in the run's output which kind of thread measures: with
			// -jvmArgsAppend -Djmh.executor=VIRTUAL (JMH 1.37, Java 21+) a VirtualThread.
			System.out.println("worker side measured on " + Thread.currentThread());
			this.tracing = new BenchmarkTracing(Sampler.alwaysOn());
			ContextCarryingTaskDecorator decorator = ContextCarryingTaskDecorator
				.of(List.of(carrier(this.carrier, this.tracing)), mdcKeys());
			Span span = this.tracing.tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = this.tracing.tracer.withSpan(span)) {
				MDC.put("method", "GET");
				MDC.put("route", "/api/users/{id}");
				MDC.put("code", "200");
				MDC.put("service", "shop");
				MDC.put("tenant", "acme");
				this.decorated = decorator.decorate(TASK);
			}
			finally {
				MDC.clear();
				span.end();
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.tracing.close();
		}

	}

	/**
	 * What any propagation must do on the worker, written by hand: attach the captured
	 * OpenTelemetry context (Boot's MDC listener adds traceId/spanId) and put the five
	 * MDC values, then take all of it away again. The decorator's own overhead is its
	 * worker side minus this.
	 */
	@State(org.openjdk.jmh.annotations.Scope.Thread)
	public static class HandWritten {

		private static final String[] KEYS = { "method", "route", "code", "service", "tenant" };

		BenchmarkTracing tracing;

		io.opentelemetry.context.Context captured;

		String[] values;

		@Setup(Level.Trial)
		public void setUp() {
			this.tracing = new BenchmarkTracing(Sampler.alwaysOn());
			Span span = this.tracing.tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = this.tracing.tracer.withSpan(span)) {
				this.captured = io.opentelemetry.context.Context.current();
			}
			finally {
				span.end();
			}
			this.values = new String[] { "GET", "/api/users/{id}", "200", "shop", "acme" };
			MDC.clear();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.tracing.close();
		}

	}

	/**
	 * The inherent cost on the worker: context attached, MDC set, task run, everything
	 * undone.
	 */
	@Benchmark
	public void handWrittenMinimum(HandWritten state) {
		try (io.opentelemetry.context.Scope scope = state.captured.makeCurrent()) {
			for (int i = 0; i < HandWritten.KEYS.length; i++) {
				MDC.put(HandWritten.KEYS[i], state.values[i]);
			}
			TASK.run();
			for (String key : HandWritten.KEYS) {
				MDC.remove(key);
			}
		}
	}

	/** The floor: running the task undecorated. */
	@Benchmark
	public void baseline() {
		TASK.run();
	}

	/** Submitting side: what {@code execute()} adds before the task is queued. */
	@Benchmark
	public Runnable capture(Submitter submitter) {
		return submitter.decorator.decorate(TASK);
	}

	/**
	 * Worker side: the captured context put in place, the task run, the worker's state
	 * restored.
	 */
	@Benchmark
	public void runOnCleanWorker(Worker worker) {
		worker.decorated.run();
	}

}
