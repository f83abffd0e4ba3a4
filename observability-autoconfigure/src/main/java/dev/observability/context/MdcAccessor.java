package dev.observability.context;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Carries a fixed set of MDC entries as one value, so that a snapshot holds one entry for all of
 * them instead of one per key.
 */
final class MdcAccessor implements ThreadLocalAccessor<String[]> {

	static final String KEY = "observability.mdc";

	private final String[] keys;

	MdcAccessor(String[] keys) {
		this.keys = keys.clone();
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public String[] getValue() {
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
		// null tells the snapshot that there is nothing to carry, so clearMissing removes the keys
		return values;
	}

	@Override
	public void setValue(String[] values) {
		for (int i = 0; i < this.keys.length; i++) {
			if (values[i] == null) {
				MDC.remove(this.keys[i]);
			}
			else {
				MDC.put(this.keys[i], values[i]);
			}
		}
	}

	@Override
	public void setValue() {
		for (String key : this.keys) {
			MDC.remove(key);
		}
	}

	@Override
	public void restore(String[] previousValue) {
		setValue(previousValue);
	}

	@Override
	public void restore() {
		setValue();
	}

}
