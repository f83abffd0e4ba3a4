package dev.observability.doctor;

import java.util.List;
import java.util.Map;

import dev.observability.selfcheck.LogTraceCoverage;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Pitfall 2 in the logs ({@code logs.trace-coverage}): the share of log lines written
 * while work was in progress (a request, a gRPC call, a message or a decorated task) that
 * carry no trace id, with the loggers and threads that wrote most of them. Startup lines
 * and lines of idle background threads are not counted. The finding is absent until such
 * a line was written.
 */
public class LogTraceCoverageCheck implements PitfallCheck {

	static final String ID = "logs.trace-coverage";

	private static final String FIX = "hand work to other threads through executors the starter decorates "
			+ "(Spring's task executors, @Async, ExecutorService beans) instead of new Thread(...) or "
			+ "executors built in code; wrap those with ContextPropagation.wrap(...)";

	private final ObjectProvider<LogTraceCoverage> coverage;

	private final int topSources;

	public LogTraceCoverageCheck(ObjectProvider<LogTraceCoverage> coverage, int topSources) {
		this.coverage = coverage;
		this.topSources = topSources;
	}

	@Override
	public List<Finding> check() {
		LogTraceCoverage coverage = this.coverage.getIfAvailable();
		if (coverage == null) {
			return List.of();
		}
		long lines = coverage.linesInProgress();
		if (lines == 0) {
			return List.of();
		}
		long missing = coverage.linesWithoutTrace();
		String share = share(missing, lines) + " of " + lines
				+ " log lines written while a request, call, message or task was in progress carry no trace id";
		if (missing == 0) {
			return List.of(Finding.ok(ID, Pitfall.CONTEXT_LOST, share));
		}
		return List.of(Finding.warn(ID, Pitfall.CONTEXT_LOST,
				share + " (" + missing + "); most from loggers " + names(coverage.topLoggers(this.topSources))
						+ ", threads " + names(coverage.topThreads(this.topSources)),
				FIX));
	}

	static String share(long part, long whole) {
		double percent = 100.0 * part / whole;
		if (part > 0 && percent < 0.1) {
			return "< 0.1 %";
		}
		return String.format(java.util.Locale.ROOT, "%.1f %%", percent);
	}

	private static String names(List<Map.Entry<String, Long>> top) {
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, Long> entry : top) {
			if (!text.isEmpty()) {
				text.append(", ");
			}
			text.append(entry.getKey()).append(" (").append(entry.getValue()).append(')');
		}
		return text.toString();
	}

}
