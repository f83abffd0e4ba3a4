package dev.observability.context;

/**
 * Told about an exception thrown by a task that runs with propagated context (a decorated
 * executor, {@code @Async} or a scheduled job), on the worker thread, with the task's
 * context in place, before the exception continues to propagate unchanged. The errors
 * capability uses it to count {@code errors_total}.
 */
@FunctionalInterface
public interface TaskExceptionListener {

	/**
	 * Called when a task throws.
	 * @param source where the task ran: {@code async} or {@code scheduled}
	 * @param exception what the task threw
	 */
	void onTaskException(String source, Throwable exception);

}
