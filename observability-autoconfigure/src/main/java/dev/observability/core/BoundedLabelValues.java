package dev.observability.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at most a fixed number of distinct values for one label; later values become
 * {@code OTHER}, so the measurement is kept but no new series is created.
 */
public class BoundedLabelValues {

	private static final Logger logger = LoggerFactory.getLogger(BoundedLabelValues.class);

	private final String label;

	private final int maxValues;

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean overflowLogged = new AtomicBoolean();

	private final Runnable onOverflow;

	/**
	 * Creates the bound.
	 * @param label the label name, for the warning
	 * @param maxValues how many distinct values are kept
	 */
	public BoundedLabelValues(String label, int maxValues) {
		this(label, maxValues, () -> {
		});
	}

	/**
	 * Creates the bound.
	 * @param label the label name, for the warning
	 * @param maxValues how many distinct values are kept
	 * @param onOverflow run each time a value is replaced by {@code OTHER} (for example
	 * to count it)
	 */
	public BoundedLabelValues(String label, int maxValues, Runnable onOverflow) {
		this.label = label;
		this.maxValues = maxValues;
		this.onOverflow = onOverflow;
	}

	/**
	 * Returns the value itself while it is one of the first {@code maxValues} distinct
	 * values seen, {@code OTHER} afterwards.
	 */
	public String bound(String value) {
		if (this.seen.contains(value)) {
			return value;
		}
		// The size check and the add race only by a few entries under contention, which
		// the cap tolerates.
		if (this.seen.size() < this.maxValues) {
			this.seen.add(value);
			return value;
		}
		this.onOverflow.run();
		if (this.overflowLogged.compareAndSet(false, true)) {
			logger.warn(
					"More than {} distinct values for label '{}'; further values are recorded as '{}'. "
							+ "Raise the limit if these values are legitimate.",
					this.maxValues, this.label, LabelNames.OTHER);
		}
		return LabelNames.OTHER;
	}

	/** Number of distinct values kept so far. */
	public int size() {
		return this.seen.size();
	}

}
