package dev.observability.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Meters kept per label value: created by the cache's function the first time a value is
 * seen, then only looked up. For several labels, nest caches, one level per label:
 * <pre class="code">
 * MeterCache&lt;String, MeterCache&lt;Integer, Counter&gt;&gt; counters = MeterCache.of((method) -&gt;
 * 		MeterCache.of((status) -&gt; register(method, status)));
 * counters.get(method).get(status).increment();
 * </pre> A lookup of a value seen before allocates nothing: no key object, no captured
 * lambda. Two threads that see a new value at once may both run the function (registering
 * the same meter twice returns the same meter in Micrometer); every caller gets the one
 * value that was kept.
 *
 * @param <K> the label value
 * @param <V> the meters, or the cache of the next label
 */
public abstract class MeterCache<K, V> {

	private MeterCache() {
	}

	/**
	 * A cache for any label value with {@code equals} and {@code hashCode}.
	 * @param <K> the label value
	 * @param <V> the meters
	 * @param create makes the meters of a value on first use
	 * @return the cache
	 */
	public static <K, V> MeterCache<K, V> of(Function<? super K, ? extends V> create) {
		return new Keyed<>(create);
	}

	/**
	 * A cache for the constants of an enum, looked up by ordinal in an array.
	 * @param <E> the enum
	 * @param <V> the meters
	 * @param type the enum's class
	 * @param create makes the meters of a constant on first use
	 * @return the cache
	 */
	public static <E extends Enum<E>, V> MeterCache<E, V> of(Class<E> type, Function<? super E, ? extends V> create) {
		return new ByOrdinal<E, V>(type.getEnumConstants().length, create);
	}

	/**
	 * Returns the meters of a label value, creating them on first use.
	 * @param key the label value
	 * @return its meters
	 */
	public abstract V get(K key);

	private static final class Keyed<K, V> extends MeterCache<K, V> {

		private final ConcurrentMap<K, V> values = new ConcurrentHashMap<>();

		private final Function<? super K, ? extends V> create;

		Keyed(Function<? super K, ? extends V> create) {
			this.create = create;
		}

		@Override
		public V get(K key) {
			V found = this.values.get(key);
			if (found == null) {
				found = this.values.computeIfAbsent(key, this.create);
			}
			return found;
		}

	}

	private static final class ByOrdinal<E extends Enum<E>, V> extends MeterCache<E, V> {

		private final AtomicReferenceArray<V> values;

		private final Function<? super E, ? extends V> create;

		ByOrdinal(int size, Function<? super E, ? extends V> create) {
			this.values = new AtomicReferenceArray<>(size);
			this.create = create;
		}

		@Override
		public V get(E key) {
			int index = key.ordinal();
			V found = this.values.get(index);
			if (found == null) {
				V created = this.create.apply(key);
				found = this.values.compareAndSet(index, null, created) ? created : this.values.get(index);
			}
			return found;
		}

	}

}
