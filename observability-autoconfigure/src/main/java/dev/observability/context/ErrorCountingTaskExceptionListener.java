package dev.observability.context;

import dev.observability.errors.ErrorCounter;

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
		this.counter.recordTaskPanic(source, exception);
	}

}
