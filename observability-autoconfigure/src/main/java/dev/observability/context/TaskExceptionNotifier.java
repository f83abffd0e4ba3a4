package dev.observability.context;

import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link TaskExceptionListener} about an exception thrown by a task. A
 * listener that throws is logged and ignored: reporting must never change what the task
 * does.
 */
final class TaskExceptionNotifier {

	static final TaskExceptionNotifier NONE = new TaskExceptionNotifier(List::of);

	private static final Logger logger = LoggerFactory.getLogger(TaskExceptionNotifier.class);

	/**
	 * The exception last reported on this thread: a failed one-shot scheduled job is seen
	 * by the scheduled-job handler and again by the scheduler's decorator; it is counted
	 * once.
	 */
	private static final ThreadLocal<Throwable> lastReported = new ThreadLocal<>();

	private final Supplier<List<TaskExceptionListener>> listeners;

	/**
	 * Creates a notifier.
	 * @param listeners the listeners in order, looked up when an exception happens so
	 * that listeners are not created early by the executors that need the notifier
	 */
	TaskExceptionNotifier(Supplier<List<TaskExceptionListener>> listeners) {
		this.listeners = listeners;
	}

	void notify(String source, Throwable exception) {
		if (lastReported.get() == exception) {
			return;
		}
		lastReported.set(exception);
		for (TaskExceptionListener listener : this.listeners.get()) {
			try {
				listener.onTaskException(source, exception);
			}
			catch (Throwable ex) {
				logger.warn("TaskExceptionListener {} failed; ignored", listener.getClass().getName(), ex);
			}
		}
	}

	/** Forgets the last reported exception of this thread once its task is over. */
	static void taskFinished() {
		if (lastReported.get() != null) {
			lastReported.remove();
		}
	}

}
