package dev.observability.events;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * A bounded multi-producer, single-consumer ring buffer whose {@link #offer} never waits.
 * <p>
 * Why not {@code ArrayBlockingQueue}: its {@code offer} takes a {@code ReentrantLock}, so
 * under contention a request thread parks behind another producer or the consumer. Why
 * not {@code ConcurrentLinkedQueue} with a size counter: it allocates a node per element
 * and needs two atomics that disagree for a moment. This is Dmitry Vyukov's bounded
 * queue: every slot carries a sequence number; a producer claims a slot with one CAS on
 * the tail when the slot's sequence says it is free, writes the element and publishes it
 * by advancing the slot's sequence; when the slot still holds an unconsumed element the
 * queue is full and {@code offer} returns {@code false} at once. A failed CAS only means
 * another producer won that slot, and the loser retries on the next one: no producer ever
 * waits for another thread. The capacity is exactly the one asked for (no rounding to a
 * power of two), so "accepted + rejected" arithmetic in tests and dashboards is exact.
 *
 * @param <E> the element type
 */
final class BoundedEventQueue<E> {

	private final int capacity;

	private final AtomicReferenceArray<E> slots;

	/**
	 * Per slot: equal to the producer position when free, position + 1 when published.
	 */
	private final AtomicLongArray sequences;

	private final AtomicLong tail = new AtomicLong();

	/** Read position; written only by the single consumer, read by {@link #size()}. */
	private volatile long head;

	BoundedEventQueue(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1 (was " + capacity + ")");
		}
		this.capacity = capacity;
		this.slots = new AtomicReferenceArray<>(capacity);
		this.sequences = new AtomicLongArray(capacity);
		for (int i = 0; i < capacity; i++) {
			this.sequences.set(i, i);
		}
	}

	/**
	 * Adds the element if there is room; never blocks.
	 * @return false when the queue is full
	 */
	boolean offer(E element) {
		long position = this.tail.get();
		while (true) {
			int index = index(position);
			long difference = this.sequences.get(index) - position;
			if (difference == 0) {
				if (this.tail.compareAndSet(position, position + 1)) {
					this.slots.lazySet(index, element);
					this.sequences.set(index, position + 1);
					return true;
				}
				position = this.tail.get();
			}
			else if (difference < 0) {
				return false;
			}
			else {
				position = this.tail.get();
			}
		}
	}

	/**
	 * Takes the oldest published element. Only one thread may call this.
	 * @return the element, or null when none is published yet
	 */
	@Nullable E poll() {
		long position = this.head;
		int index = index(position);
		if (this.sequences.get(index) != position + 1) {
			return null;
		}
		E element = this.slots.get(index);
		this.slots.lazySet(index, null);
		this.sequences.set(index, position + this.capacity);
		this.head = position + 1;
		return element;
	}

	/**
	 * Elements claimed by producers and not yet taken: exact when producers are quiet.
	 */
	int size() {
		long size = this.tail.get() - this.head;
		return (int) Math.max(0, Math.min(size, this.capacity));
	}

	int capacity() {
		return this.capacity;
	}

	private int index(long position) {
		return (int) (position % this.capacity);
	}

}
