package dev.observability.errors;

import dev.observability.context.TaskExceptionListener;

/**
 * Counts exceptions thrown by tasks on decorated executors and schedulers as
 * {@code type="panic"}, unless the {@code @Async} interceptor or the scheduled-task
 * observation already counted the same exception on this thread.
 */
public class ErrorCountingTaskExceptionListener implements TaskExceptionListener {

	private final ErrorCounter counter;

	/**
	 * Creates the listener.
	 * @param counter counts the exceptions
	 */
	public ErrorCountingTaskExceptionListener(ErrorCounter counter) {
		this.counter = counter;
	}

	@Override
	public void onTaskException(String source, Throwable exception) {
		if (TaskFailureMarks.countedInside(exception, TaskFailureMarks.TASK)) {
			return;
		}
		this.counter.record(source, ErrorCounter.PANIC, exception);
		TaskFailureMarks.mark(exception, TaskFailureMarks.TASK);
	}

}
