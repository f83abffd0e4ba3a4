package dev.observability.core;

import java.time.Duration;
import java.util.List;

/**
 * Checks the values of the starter's configuration properties in their setters, so that a
 * wrong value stops the application at startup with a message naming the property. Every
 * capability checks durations and histogram buckets with these, and so with the same
 * rules and words.
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/**
	 * A duration that must be longer than zero.
	 * @param property the full property name, for example
	 * {@code observability.alerting.deploy.window}
	 * @param value the bound value
	 * @return the value
	 * @throws IllegalArgumentException if the value is missing, zero or negative
	 */
	public static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(property + " must be a positive duration (was " + value + ")");
		}
		return value;
	}

	/**
	 * A duration that may be zero but not negative.
	 * @param property the full property name
	 * @param value the bound value
	 * @return the value
	 * @throws IllegalArgumentException if the value is missing or negative
	 */
	public static Duration zeroOrPositive(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(property + " must be zero or positive (was " + value + ")");
		}
		return value;
	}

	/**
	 * Upper bounds of latency histogram buckets: at least one, each positive, each above
	 * the one before.
	 * @param property the full property name, for example
	 * {@code observability.http.buckets}
	 * @param buckets the bound bucket bounds
	 * @return the buckets
	 * @throws IllegalArgumentException if the list is missing or empty, a bucket is
	 * missing, zero or negative, or a bucket is not above the one before
	 */
	public static List<Duration> buckets(String property, List<Duration> buckets) {
		if (buckets == null || buckets.isEmpty()) {
			throw new IllegalArgumentException(property + " must list at least one bucket");
		}
		Duration previous = null;
		for (Duration bucket : buckets) {
			if (bucket == null || bucket.isNegative() || bucket.isZero()) {
				throw new IllegalArgumentException(
						property + ": every bucket must be a positive duration (was " + bucket + ")");
			}
			if (previous != null && bucket.compareTo(previous) <= 0) {
				throw new IllegalArgumentException(property + " must be in increasing order, each bucket above the one "
						+ "before (was " + buckets + ")");
			}
			previous = bucket;
		}
		return buckets;
	}

	/**
	 * A count that must lie between two bounds, both included, such as the number of
	 * distinct values a label keeps.
	 * @param property the full property name, for example
	 * {@code observability.client.max-peers}
	 * @param value the bound value
	 * @param min the smallest allowed value
	 * @param max the largest allowed value
	 * @return the value
	 * @throws IllegalArgumentException if the value is outside the bounds
	 */
	public static int inRange(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					property + " must be between " + min + " and " + max + " (was " + value + ")");
		}
		return value;
	}

}
