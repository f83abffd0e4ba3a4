package dev.observability.doctor;

import java.util.List;

import dev.observability.selfcheck.SpanExportHealth;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Pitfall 1 at run time ({@code tracing.export-health}): whether the spans handed to the
 * exporter reached it. {@code fail} while the latest export failed, {@code warn} once
 * spans were lost (failed exports, or dropped from a full queue) and exports work again,
 * {@code ok} when every span so far was exported. Nothing is claimed before the first
 * export (the finding is absent then), and nothing without an exporter: that is
 * {@code tracing.export}'s finding.
 */
public class SpanExportHealthCheck implements PitfallCheck {

	static final String ID = "tracing.export-health";

	private static final String FIX = "check that the trace backend (OTLP collector, Zipkin) is reachable from the "
			+ "service and accepts the spans (the exporter's WARN lines name the error); "
			+ "observability_spans_dropped_total and observability_span_queue_size show it over time";

	private final ObjectProvider<SpanExportHealth> health;

	public SpanExportHealthCheck(ObjectProvider<SpanExportHealth> health) {
		this.health = health;
	}

	@Override
	public List<Finding> check() {
		SpanExportHealth health = this.health.getIfAvailable();
		if (health == null) {
			return List.of();
		}
		long exported = health.exportedSpans();
		long failed = health.failedSpans();
		long queueFull = health.queueFullSpans();
		if (exported + failed + queueFull == 0) {
			return List.of();
		}
		String counts = exported + " exported, " + failed + " failed at the exporter, " + queueFull
				+ " dropped from a full queue" + queue(health);
		if (health.lastExportFailed()) {
			return List.of(Finding.fail(ID, Pitfall.LOGS_METRICS_DISAGREE,
					"span export is failing: the latest export failed, its spans are lost (" + counts
							+ "); trace ids in logs lead to no trace",
					FIX));
		}
		if (failed + queueFull > 0) {
			return List.of(Finding.warn(ID, Pitfall.LOGS_METRICS_DISAGREE, "spans were lost since startup (" + counts
					+ "); the latest export succeeded, so exporting works again", FIX));
		}
		String watched = health.queueWatched() ? ""
				: "; drops from a full queue are not observed (the application has its own OpenTelemetry "
						+ "MeterProvider, which the batch span processor reports to)";
		return List.of(Finding.ok(ID, Pitfall.LOGS_METRICS_DISAGREE,
				"every span so far reached the exporter (" + counts + ")" + watched));
	}

	private static String queue(SpanExportHealth health) {
		return health.queueWatched() ? ", " + (long) health.queueSize() + " waiting in the queue" : "";
	}

}
