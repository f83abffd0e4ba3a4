package dev.observability.alerting;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Small builders for the PromQL text the rules and the dashboard share: selectors,
 * durations, numbers and regular expressions written the way Prometheus reads them.
 */
final class PromQl {

	private PromQl() {
	}

	/**
	 * A selector: the metric name and its matchers, in the given order.
	 * @param metric the metric name
	 * @param matchers label matchers such as {@code job="shop"}
	 * @return the selector text
	 */
	static String selector(String metric, List<String> matchers) {
		return metric + "{" + String.join(",", matchers) + "}";
	}

	/**
	 * An equality matcher.
	 * @param label the label name
	 * @param value the value, escaped here
	 * @return the matcher text
	 */
	static String equal(String label, String value) {
		return label + "=\"" + escape(value) + "\"";
	}

	/**
	 * A negative equality matcher.
	 * @param label the label name
	 * @param value the value, escaped here
	 * @return the matcher text
	 */
	static String notEqual(String label, String value) {
		return label + "!=\"" + escape(value) + "\"";
	}

	/**
	 * A regular expression matcher.
	 * @param label the label name
	 * @param regex the regular expression, escaped here as a string literal
	 * @return the matcher text
	 */
	static String matches(String label, String regex) {
		return label + "=~\"" + escape(regex) + "\"";
	}

	/**
	 * A duration as PromQL writes it: {@code 1h}, {@code 15m}, {@code 1h30m},
	 * {@code 90s}.
	 * @param duration a positive duration
	 * @return the duration text
	 */
	static String duration(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		StringBuilder text = new StringBuilder();
		long hours = duration.toHours();
		int minutes = duration.toMinutesPart();
		int seconds = duration.toSecondsPart();
		int millis = duration.toMillisPart();
		if (hours > 0) {
			text.append(hours).append('h');
		}
		if (minutes > 0) {
			text.append(minutes).append('m');
		}
		if (seconds > 0) {
			text.append(seconds).append('s');
		}
		if (millis > 0) {
			text.append(millis).append("ms");
		}
		return text.toString();
	}

	/**
	 * A number without a needless fraction: {@code 1.8}, {@code 0.05}, {@code 1000}.
	 * @param value the number
	 * @return the number text
	 */
	static String number(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	/**
	 * A ratio as a percentage: {@code 0.05} gives {@code 5%}.
	 * @param ratio the ratio
	 * @return the percentage text
	 */
	static String percent(double ratio) {
		return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
	}

	private static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
