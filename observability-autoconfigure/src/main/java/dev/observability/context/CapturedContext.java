package dev.observability.context;

import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;

/**
 * Context captured on one thread, to be put in place around pieces of work that run elsewhere,
 * such as the elements of a parallel stream. Each call restores the running thread's own state
 * afterwards.
 */
public final class CapturedContext {

	private final ContextSnapshot snapshot;

	CapturedContext(ContextSnapshot snapshot) {
		this.snapshot = snapshot;
	}

	/**
	 * Runs the work with the captured context.
	 * @param work the work
	 */
	public void run(Runnable work) {
		ContextSnapshot.Scope scope = this.snapshot.setThreadLocals();
		try {
			work.run();
		}
		finally {
			scope.close();
		}
	}

	/**
	 * Computes a value with the captured context.
	 * @param <T> the type of the value
	 * @param work the computation
	 * @return its value
	 */
	public <T> T supply(Supplier<T> work) {
		ContextSnapshot.Scope scope = this.snapshot.setThreadLocals();
		try {
			return work.get();
		}
		finally {
			scope.close();
		}
	}

}
