package dev.observability.core;

import org.slf4j.MDC;

/**
 * A fixed set of MDC keys whose values are saved and put back together: what a request, a call or
 * a task does to the MDC of a thread it borrows is undone exactly (a value restored, a key that
 * was absent removed).
 * <p>
 * Made once and kept in a constant; saving allocates one array of values (or none, with
 * {@link #save(String[])} reusing one, or {@link #saveIfAny()} on a thread that has none of the
 * keys), so it fits the per-request hot path.
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
	 * @return one value per key, in key order, {@code null} where the thread has none
	 */
	public String[] save() {
		return save(null);
	}

	/**
	 * Reads the current thread's values into an array that an earlier save returned, for an owner
	 * that saves and restores again and again on one thread at a time.
	 * @param values the array to reuse, or {@code null} for a new one
	 * @return the values, in key order, {@code null} where the thread has none
	 */
	public String[] save(String[] values) {
		String[] saved = (values != null) ? values : new String[this.keys.length];
		for (int i = 0; i < this.keys.length; i++) {
			saved[i] = MDC.get(this.keys[i]);
		}
		return saved;
	}

	/**
	 * Reads the current thread's values, allocating nothing when it has none of the keys.
	 * @return the values, in key order, or {@code null} when no key has a value
	 */
	public String[] saveIfAny() {
		String[] values = null;
		for (int i = 0; i < this.keys.length; i++) {
			String value = MDC.get(this.keys[i]);
			if (value != null) {
				if (values == null) {
					values = new String[this.keys.length];
				}
				values[i] = value;
			}
		}
		return values;
	}

	/**
	 * Puts saved values back: each key gets its value, or is removed where the value is
	 * {@code null}.
	 * @param values what a save returned
	 */
	public void restore(String[] values) {
		for (int i = 0; i < this.keys.length; i++) {
			if (values[i] == null) {
				MDC.remove(this.keys[i]);
			}
			else {
				MDC.put(this.keys[i], values[i]);
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
