package dev.observability.context;

import java.util.List;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The thread-local values one decorator carries, captured into an array in accessor
 * order.
 * <p>
 * Same semantics as Micrometer's {@code ContextSnapshotFactory} with
 * {@code clearMissing}: a value present at capture time is put in place, a value absent
 * at capture time is cleared on the worker, and everything is put back in reverse order
 * afterwards. It exists because the library's snapshot is a map and its scope a second
 * map: for one task per request that was most of the decorator's cost. Here a capture is
 * one array, and putting it in place on a worker that holds nothing allocates nothing.
 */
final class ContextAccessors {

	private final ThreadLocalAccessor<Object>[] accessors;

	/** Shared by every capture that found nothing; never written. */
	private final @Nullable Object[] nothingCaptured;

	@SuppressWarnings("unchecked")
	ContextAccessors(List<ThreadLocalAccessor<?>> accessors) {
		this.accessors = accessors.toArray(ThreadLocalAccessor[]::new);
		this.nothingCaptured = new Object[this.accessors.length];
	}

	/**
	 * Reads the current thread's values.
	 * @return one value per accessor, {@code null} where the thread has none
	 */
	@Nullable Object[] capture() {
		Object[] values = null;
		for (int i = 0; i < this.accessors.length; i++) {
			Object value = this.accessors[i].getValue();
			if (value != null) {
				if (values == null) {
					values = new Object[this.accessors.length];
				}
				values[i] = value;
			}
		}
		return (values != null) ? values : this.nothingCaptured;
	}

	/**
	 * Puts captured values in place on the current thread and clears what was not
	 * captured.
	 * @param captured what {@link #capture()} returned
	 * @return the thread's previous values for {@link #restore}, {@code null} when it had
	 * none
	 */
	@Nullable Object @Nullable [] putInPlace(@Nullable Object[] captured) {
		Object[] previous = null;
		int set = 0;
		try {
			for (; set < this.accessors.length; set++) {
				ThreadLocalAccessor<Object> accessor = this.accessors[set];
				Object current = accessor.getValue();
				if (current != null) {
					if (previous == null) {
						previous = new Object[this.accessors.length];
					}
					previous[set] = current;
				}
				if (captured[set] != null) {
					accessor.setValue(captured[set]);
				}
				else if (current != null) {
					accessor.setValue();
				}
			}
			return previous;
		}
		catch (RuntimeException | Error ex) {
			// Leave the thread as it was: undo the accessors already set, then fail as
			// before.
			restore(captured, previous, set);
			throw ex;
		}
	}

	/**
	 * Puts the thread's previous values back, in reverse order.
	 * @param captured what was put in place
	 * @param previous what {@link #putInPlace} returned
	 */
	void restore(@Nullable Object[] captured, @Nullable Object @Nullable [] previous) {
		restore(captured, previous, this.accessors.length);
	}

	private void restore(@Nullable Object[] captured, @Nullable Object @Nullable [] previous, int count) {
		for (int i = count - 1; i >= 0; i--) {
			Object before = (previous != null) ? previous[i] : null;
			ThreadLocalAccessor<Object> accessor = this.accessors[i];
			if (before != null) {
				accessor.restore(before);
			}
			else if (captured[i] != null) {
				accessor.restore();
			}
			// else: nothing captured, nothing there before: this accessor was not touched
		}
	}

}
