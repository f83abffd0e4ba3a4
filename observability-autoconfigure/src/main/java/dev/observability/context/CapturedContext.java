package dev.observability.context;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Context captured on one thread, to be put in place around pieces of work that run
 * elsewhere, such as the elements of a parallel stream. Each call restores the running
 * thread's own state afterwards.
 */
public final class CapturedContext {

	private final ContextAccessors accessors;

	private final @Nullable Object[] captured;

	CapturedContext(ContextAccessors accessors, @Nullable Object[] captured) {
		this.accessors = accessors;
		this.captured = captured;
	}

	/**
	 * Runs the work with the captured context.
	 * @param work the work
	 */
	public void run(Runnable work) {
		Object[] previous = this.accessors.putInPlace(this.captured);
		try {
			work.run();
		}
		finally {
			this.accessors.restore(this.captured, previous);
		}
	}

	/**
	 * Computes a value with the captured context.
	 * @param <T> the type of the value
	 * @param work the computation
	 * @return its value
	 */
	public <T> T supply(Supplier<T> work) {
		Object[] previous = this.accessors.putInPlace(this.captured);
		try {
			return work.get();
		}
		finally {
			this.accessors.restore(this.captured, previous);
		}
	}

}
