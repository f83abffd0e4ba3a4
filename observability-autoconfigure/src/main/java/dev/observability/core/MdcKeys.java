package dev.observability.core;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A fixed set of MDC keys whose values are saved and put back together: what a request, a
 * call or a task does to the MDC of a thread it borrows is undone exactly (a value
 * restored, a key that was absent removed).
 * <p>
 * Made once and kept in a constant. Saving on a thread that has none of the keys, the
 * usual case on a pooled thread, allocates nothing; otherwise one array of values (or
 * none, with {@link #save(String[])} reusing one), so it fits the per-request hot path.
 */
public final class MdcKeys {

	private final String[] keys;

	private MdcKeys(String[] keys) {
		this.keys = keys;
	}

	/**
	 * The keys whose values are saved and restored together.
	 * @param keys the MDC keys
	 * @return the key set
	 */
	public static MdcKeys of(String... keys) {
		return new MdcKeys(keys.clone());
	}

	/**
	 * Reads the current thread's values.
	 * @return one value per key, in key order, {@code null} where the thread has none; or
	 * {@code null} when no key has a value
	 */
	public @Nullable String @Nullable [] save() {
		return save(null);
	}

	/**
	 * Reads the current thread's values into an array that an earlier save returned, for
	 * an owner that saves and restores again and again on one thread at a time.
	 * @param reused the array to fill, or {@code null}
	 * @return {@code reused} filled with the values when it is not {@code null}; else as
	 * {@link #save()}
	 */
	public @Nullable String @Nullable [] save(@Nullable String @Nullable [] reused) {
		String[] values = reused;
		for (int i = 0; i < this.keys.length; i++) {
			String value = MDC.get(this.keys[i]);
			if (values == null && value != null) {
				values = new String[this.keys.length];
			}
			if (values != null) {
				values[i] = value;
			}
		}
		return values;
	}

	/**
	 * Puts saved values back: each key gets its value, or is removed where the value is
	 * {@code null}.
	 * @param saved what a save returned; {@code null} removes every key
	 */
	public void restore(@Nullable String @Nullable [] saved) {
		if (saved == null) {
			remove();
			return;
		}
		for (int i = 0; i < this.keys.length; i++) {
			if (saved[i] == null) {
				MDC.remove(this.keys[i]);
			}
			else {
				MDC.put(this.keys[i], saved[i]);
			}
		}
	}

	/**
	 * Removes every key from the current thread's MDC.
	 */
	public void remove() {
		for (String key : this.keys) {
			MDC.remove(key);
		}
	}

}
