package dev.observability.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.observability.benchmarks.BenchmarkTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code BusinessEvents.record} costs the calling thread: an allowed event (counter,
 * span capture, queue offer), the same inside a sampled span and with attributes, and a
 * rejected and an invalid one (lookup, name check, counter). The consumer thread runs a
 * writer that does nothing, so what is measured is the caller's share only; logging
 * happens on the consumer thread.
 * <p>
 * {@link Contended} runs the allowed record on 16 threads in {@link Mode#SampleTime},
 * whose {@code p1.00} row is the maximum latency of a single {@code record} call observed
 * (on a machine with fewer cores than threads it includes being descheduled by the OS).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class BusinessEventsBenchmark {

	static final Map<String, String> ATTRIBUTES = Map.of("cart_size", "3", "currency", "EUR");

	/**
	 * A started recorder on a Prometheus registry, with tracing that samples everything.
	 */
	@State(Scope.Benchmark)
	public static class Recorder {

		BenchmarkTracing tracing;

		BusinessEventRecorder recorder;

		@Setup(Level.Trial)
		public void setUp() {
			this.tracing = new BenchmarkTracing(Sampler.alwaysOn());
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			BusinessEventMetrics metrics = new BusinessEventMetrics(registry, "shop",
					List.of("checkout_submit", "payment_success"));
			EventSpans spans = new TracerEventSpans(this.tracing.tracer);
			this.recorder = new BusinessEventRecorder(metrics, new EventNameCheck(64, List.of("framework_")),
					NotAllowedAction.REJECT, 0.0, 65_536, Duration.ofSeconds(5), spans, (event) -> {
					});
			this.recorder.start();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.recorder.stop();
			this.tracing.close();
		}

	}

	/** A sampled span made current on the benchmark thread for the whole trial. */
	@State(Scope.Thread)
	public static class InSpan {

		Span span;

		Tracer.SpanInScope scope;

		@Setup(Level.Trial)
		public void setUp(Recorder recorder) {
			this.span = recorder.tracing.tracer.nextSpan().name("checkout").start();
			this.scope = recorder.tracing.tracer.withSpan(this.span);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.scope.close();
			this.span.end();
		}

	}

	/** Allowed event, no current span: counter, capture (none), offer. */
	@Benchmark
	public void recordAllowed(Recorder recorder) {
		recorder.recorder.record("checkout_submit");
	}

	/** Allowed event inside a sampled span: the span is captured for the consumer. */
	@Benchmark
	public void recordAllowedInSpan(Recorder recorder, InSpan span) {
		recorder.recorder.record("checkout_submit");
	}

	/**
	 * Allowed event with two attributes, inside a sampled span: the attributes are
	 * copied.
	 */
	@Benchmark
	public void recordAllowedWithAttributesInSpan(Recorder recorder, InSpan span) {
		recorder.recorder.record("payment_success", ATTRIBUTES);
	}

	/** Valid name not on the allowlist: lookup, name check, not_allowed counter. */
	@Benchmark
	public void recordRejected(Recorder recorder) {
		recorder.recorder.record("http_request_received");
	}

	/** Invalid name: lookup, failed name check, invalid_name counter. */
	@Benchmark
	public void recordInvalid(Recorder recorder) {
		recorder.recorder.record("framework_context_refreshed");
	}

	/**
	 * Allowed event recorded from 16 threads at once; SampleTime reports the latency
	 * distribution and its maximum.
	 */
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 3, time = 2)
	@Measurement(iterations = 5, time = 2)
	@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
	@Threads(16)
	@State(Scope.Benchmark)
	public static class Contended {

		@Benchmark
		public void recordAllowed16Threads(Recorder recorder) {
			recorder.recorder.record("checkout_submit");
		}

		@Benchmark
		public void recordRejected16Threads(Recorder recorder) {
			recorder.recorder.record("http_request_received");
		}

	}

}
