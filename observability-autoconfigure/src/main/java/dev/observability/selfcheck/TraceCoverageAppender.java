package dev.observability.selfcheck;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.observability.core.LabelNames;

/**
 * A Logback appender on the root logger that writes nothing: it tells
 * {@link LogTraceCoverage} about each event, whether it carries Boot's {@code traceId}
 * and whether its thread carries an entry's MDC ({@code method} from the HTTP filter and
 * the gRPC interceptor, carried into decorated tasks; {@code destination} from a message
 * listener). Reads the event's MDC map, which the other appenders read as well, and
 * allocates nothing for an event with a trace id.
 */
public final class TraceCoverageAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/** Boot's MDC key of the trace id. */
	static final String TRACE_ID = "traceId";

	/** MDC key a message listener sets (see the contract's log fields). */
	static final String DESTINATION = "destination";

	static final String NAME = "observability-trace-coverage";

	private final LogTraceCoverage coverage;

	/**
	 * Creates the appender; attach it to the root logger and start it.
	 * @param coverage where the events are counted
	 */
	public TraceCoverageAppender(LogTraceCoverage coverage) {
		this.coverage = coverage;
		setName(NAME);
	}

	@Override
	protected void append(ILoggingEvent event) {
		int level = levelIndex(event.getLevel());
		if (level < 0) {
			return;
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		boolean traced = mdc.get(TRACE_ID) != null;
		boolean entry = mdc.get(LabelNames.METHOD) != null || mdc.get(DESTINATION) != null;
		this.coverage.record(level, traced, entry, event.getLoggerName(), traced ? null : event.getThreadName());
	}

	private static int levelIndex(Level level) {
		return switch (level.toInt()) {
			case Level.TRACE_INT -> 0;
			case Level.DEBUG_INT -> 1;
			case Level.INFO_INT -> 2;
			case Level.WARN_INT -> 3;
			case Level.ERROR_INT -> 4;
			default -> -1;
		};
	}

}
