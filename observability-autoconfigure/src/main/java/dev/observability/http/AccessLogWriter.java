package dev.observability.http;

import java.time.Duration;

import dev.observability.core.LabelNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes one line per request to the logger {@code observability.access}. The request's
 * labels ({@code method}, {@code route}, {@code code}) are in the MDC when it is called,
 * so structured logging emits them as fields with the same names and values as the metric
 * labels; {@code duration_seconds} is added for the line.
 */
public class AccessLogWriter {

	/** Name of the access logger. */
	public static final String LOGGER_NAME = "observability.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final AccessLogMode mode;

	private final long slowThresholdNanos;

	/**
	 * Creates the writer.
	 * @param mode which requests get a line
	 * @param slowThreshold requests slower than this are logged in mode
	 * {@code ERRORS_AND_SLOW}
	 */
	public AccessLogWriter(AccessLogMode mode, Duration slowThreshold) {
		this.mode = mode;
		this.slowThresholdNanos = slowThreshold.toNanos();
	}

	/**
	 * Writes the line if the mode asks for it. Call with the request's labels in the MDC.
	 */
	public void write(String method, String route, int status, long durationNanos) {
		if (!shouldLog(status, durationNanos) || !logger.isInfoEnabled()) {
			return;
		}
		String seconds = Double.toString(durationNanos / 1e9);
		MDC.put(LabelNames.DURATION_SECONDS, seconds);
		try {
			logger.info("{} {} {} {}s", method, route, status, seconds);
		}
		finally {
			MDC.remove(LabelNames.DURATION_SECONDS);
		}
	}

	private boolean shouldLog(int status, long durationNanos) {
		return switch (this.mode) {
			case OFF -> false;
			case ALL -> true;
			case ERRORS_AND_SLOW -> status >= 400 || durationNanos > this.slowThresholdNanos;
		};
	}

}
