package dev.observability.selfcheck;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Counts the outcome of every batch a span exporter sends: the spans, once the exporter's
 * result completes, as exported or failed. Everything else is the exporter's own.
 */
final class CountingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final SpanExportHealth health;

	CountingSpanExporter(SpanExporter delegate, SpanExportHealth health) {
		this.delegate = delegate;
		this.health = health;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		CompletableResultCode result;
		try {
			result = this.delegate.export(spans);
		}
		catch (RuntimeException ex) {
			this.health.exported(count, false);
			throw ex;
		}
		if (result == null) {
			this.health.exported(count, false);
			return CompletableResultCode.ofFailure();
		}
		result.whenComplete(() -> this.health.exported(count, result.isSuccess()));
		return result;
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	SpanExporter delegate() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "CountingSpanExporter{" + this.delegate + "}";
	}

}
