package dev.observability.context;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

/**
 * A callable with the context captured when it was submitted.
 */
final class ContextCarryingCallable<V> implements Callable<V> {

	private final ContextAccessors accessors;

	private final @Nullable Object[] captured;

	private final Callable<V> task;

	private final TaskExceptionNotifier notifier;

	ContextCarryingCallable(ContextAccessors accessors, @Nullable Object[] captured, Callable<V> task,
			TaskExceptionNotifier notifier) {
		this.accessors = accessors;
		this.captured = captured;
		this.task = task;
		this.notifier = notifier;
	}

	@Override
	public V call() throws Exception {
		Object[] previous = this.accessors.putInPlace(this.captured);
		try {
			return this.task.call();
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

	@Override
	public String toString() {
		return this.task.toString();
	}

}
