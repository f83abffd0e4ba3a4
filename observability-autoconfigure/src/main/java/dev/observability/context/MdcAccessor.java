package dev.observability.context;

import dev.observability.core.MdcKeys;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries a fixed set of MDC entries as one value, so that a snapshot holds one entry for
 * all of them instead of one per key.
 */
final class MdcAccessor implements ThreadLocalAccessor<@Nullable String[]> {

	static final String KEY = "observability.mdc";

	private final MdcKeys keys;

	MdcAccessor(String[] keys) {
		this.keys = MdcKeys.of(keys);
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable String @Nullable [] getValue() {
		// null tells the snapshot that there is nothing to carry, so clearMissing removes
		// the keys
		return this.keys.save();
	}

	@Override
	public void setValue(@Nullable String[] values) {
		this.keys.restore(values);
	}

	@Override
	public void setValue() {
		this.keys.remove();
	}

	@Override
	public void restore(@Nullable String[] previousValue) {
		setValue(previousValue);
	}

	@Override
	public void restore() {
		setValue();
	}

}
