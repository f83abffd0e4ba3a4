package dev.observability.context;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * A task with the context captured when it was submitted.
 */
final class ContextCarryingRunnable implements Runnable {

	private final ContextAccessors accessors;

	private final @Nullable Object[] captured;

	private final Runnable task;

	private final TaskExceptionNotifier notifier;

	ContextCarryingRunnable(ContextAccessors accessors, @Nullable Object[] captured, Runnable task,
			TaskExceptionNotifier notifier) {
		this.accessors = accessors;
		this.captured = captured;
		this.task = task;
		this.notifier = notifier;
	}

	@Override
	public void run() {
		Object[] previous = this.accessors.putInPlace(this.captured);
		try {
			this.task.run();
			if (this.task instanceof Future<?> future) {
				reportFailure(future);
			}
		}
		catch (Throwable ex) {
			this.notifier.notify(ContextCarryingTaskDecorator.SOURCE, ex);
			throw ex;
		}
		finally {
			this.accessors.restore(this.captured, previous);
			TaskExceptionNotifier.taskFinished();
		}
	}

	/**
	 * A {@code submit()}ted task reaches the executor as a future that keeps the
	 * exception to itself; it is still reported, while the caller keeps getting it from
	 * the future as before.
	 */
	private void reportFailure(Future<?> future) {
		if (!future.isDone() || future.isCancelled()) {
			return;
		}
		try {
			future.get();
		}
		catch (ExecutionException ex) {
			this.notifier.notify(ContextCarryingTaskDecorator.SOURCE, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (CancellationException ex) {
			// cancelled between the two checks: nothing failed
		}
	}

	@Override
	public String toString() {
		return this.task.toString();
	}

}
