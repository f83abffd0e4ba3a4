package dev.observability.selfcheck;

import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Knows whether a server or consumer span (a request, a gRPC call, a message) is open
 * anywhere in the process: a span processor beside Boot's batch processor that adds one
 * when such a span starts and takes one away when it ends. It lets
 * {@link LogTraceCoverage} count a line without a trace id written on a thread that lost
 * the context (a raw {@code new Thread} in a request) against the coverage, and leave out
 * startup and idle background lines. It sees recorded (sampled) spans only.
 */
final class EntrySpanTracker implements SpanProcessor {

	private final LongAdder open = new LongAdder();

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (isEntry(span.getKind())) {
			this.open.increment();
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (isEntry(span.getKind())) {
			this.open.decrement();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/** Whether a server or consumer span is open. */
	boolean anyOpen() {
		return this.open.sum() > 0;
	}

	private static boolean isEntry(SpanKind kind) {
		return kind == SpanKind.SERVER || kind == SpanKind.CONSUMER;
	}

}
