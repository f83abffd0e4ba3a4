package dev.observability.context;

import java.util.concurrent.Callable;

import io.micrometer.context.ContextSnapshot;

/**
 * A callable with the context captured when it was submitted.
 */
final class ContextCallable<V> implements Callable<V> {

	private final ContextSnapshot snapshot;

	private final Callable<V> task;

	private final TaskExceptionNotifier notifier;

	ContextCallable(ContextSnapshot snapshot, Callable<V> task, TaskExceptionNotifier notifier) {
		this.snapshot = snapshot;
		this.task = task;
		this.notifier = notifier;
	}

	@Override
	public V call() throws Exception {
		ContextSnapshot.Scope scope = this.snapshot.setThreadLocals();
		try {
			return this.task.call();
		}
		catch (Throwable ex) {
			this.notifier.notify(ContextPropagatingTaskDecorator.SOURCE, ex);
			throw ex;
		}
		finally {
			scope.close();
			TaskExceptionNotifier.taskFinished();
		}
	}

	@Override
	public String toString() {
		return this.task.toString();
	}

}
