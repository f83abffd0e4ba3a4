package dev.observability.selfcheck;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What happened to the spans of the application's span pipeline: exported, failed at the
 * exporter, dropped because the export queue was full, and how many wait in the queue.
 * <p>
 * Fed by {@link CountingSpanExporter} (one call per exported batch) and by the batch span
 * processor's own instruments through {@link SpanProcessorMeterBridge}; read by the
 * meters it binds and by the pitfall report. Counting is a {@link LongAdder} add per
 * batch, so it binds late without creating a dependency of the tracer on the meter
 * registry.
 */
public class SpanExportHealth implements MeterBinder {

	/** Micrometer name of {@code observability_spans_exported_total}. */
	public static final String EXPORTED = "observability.spans.exported";

	/** Micrometer name of {@code observability_spans_dropped_total}. */
	public static final String DROPPED = "observability.spans.dropped";

	/** Micrometer name of {@code observability_span_queue_size}. */
	public static final String QUEUE_SIZE = "observability.span.queue.size";

	private final LongAdder exported = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder queueFull = new LongAdder();

	private final List<LongSupplier> queues = new CopyOnWriteArrayList<>();

	private volatile boolean lastExportFailed;

	/**
	 * Records the outcome of one exported batch.
	 * @param spans how many spans the batch held
	 * @param success whether the exporter reported success
	 */
	public void exported(int spans, boolean success) {
		if (success) {
			this.exported.add(spans);
		}
		else {
			this.failed.add(spans);
		}
		this.lastExportFailed = !success;
	}

	/**
	 * Records spans the batch processor dropped because its queue was full.
	 * @param spans how many
	 */
	public void droppedQueueFull(long spans) {
		this.queueFull.add(spans);
	}

	/**
	 * Adds a queue whose size the gauge reports (the sum, when there are several).
	 * @param size reads the number of spans waiting
	 */
	public void watchQueue(LongSupplier size) {
		this.queues.add(size);
	}

	/** Spans the exporter accepted. */
	public long exportedSpans() {
		return this.exported.sum();
	}

	/** Spans handed to the exporter that it failed to send: they are lost. */
	public long failedSpans() {
		return this.failed.sum();
	}

	/** Spans dropped because the export queue was full. */
	public long queueFullSpans() {
		return this.queueFull.sum();
	}

	/** Whether the most recent export failed. */
	public boolean lastExportFailed() {
		return this.lastExportFailed;
	}

	/** Whether the size of an export queue is known. */
	public boolean queueWatched() {
		return !this.queues.isEmpty();
	}

	/**
	 * The spans waiting in the export queues.
	 * @return their number, or {@code NaN} when no queue is known
	 */
	public double queueSize() {
		if (this.queues.isEmpty()) {
			return Double.NaN;
		}
		long total = 0;
		for (LongSupplier queue : this.queues) {
			total += queue.getAsLong();
		}
		return total;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		exportedCounter(registry, "success", this.exported);
		exportedCounter(registry, "failure", this.failed);
		droppedCounter(registry, "queue_full", this.queueFull);
		droppedCounter(registry, "export_failed", this.failed);
		Gauge.builder(QUEUE_SIZE, this, SpanExportHealth::queueSize)
			.description("Spans waiting in the export queue of the batch span processor")
			.register(registry);
	}

	private static void exportedCounter(MeterRegistry registry, String outcome, LongAdder count) {
		FunctionCounter.builder(EXPORTED, count, LongAdder::sum)
			.description("Spans handed to the span exporter, by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	private static void droppedCounter(MeterRegistry registry, String reason, LongAdder count) {
		FunctionCounter.builder(DROPPED, count, LongAdder::sum)
			.description("Spans lost before reaching the trace backend, by reason: the export queue was full, "
					+ "or the exporter failed to send them")
			.tag("reason", reason)
			.register(registry);
	}

}
