package dev.observability.errors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Counts threads that die of an uncaught exception as
 * {@code source="thread", type="panic"}, then hands the exception to the default handler
 * that was installed before (or prints it as the JVM would). Installed as the JVM's
 * default uncaught-exception handler when the context starts and removed when it closes.
 * A thread already counted by a task decorator for the same exception is not counted
 * again.
 */
class UncaughtExceptionCounter implements Thread.UncaughtExceptionHandler, InitializingBean, DisposableBean {

	private final ErrorCounter counter;

	private volatile Thread.@Nullable UncaughtExceptionHandler previous;

	private volatile boolean counting;

	/**
	 * Creates the handler; {@link #afterPropertiesSet()} installs it.
	 * @param counter counts the exceptions
	 */
	UncaughtExceptionCounter(ErrorCounter counter) {
		this.counter = counter;
	}

	@Override
	public void afterPropertiesSet() {
		synchronized (UncaughtExceptionCounter.class) {
			this.previous = Thread.getDefaultUncaughtExceptionHandler();
			this.counting = true;
			Thread.setDefaultUncaughtExceptionHandler(this);
		}
	}

	@Override
	public void destroy() {
		this.counting = false;
		// Restore only if nobody wrapped us since; otherwise stay in their chain as a
		// pass-through.
		synchronized (UncaughtExceptionCounter.class) {
			if (Thread.getDefaultUncaughtExceptionHandler() == this) {
				Thread.setDefaultUncaughtExceptionHandler(this.previous);
			}
		}
	}

	@Override
	public void uncaughtException(Thread thread, Throwable exception) {
		try {
			if (this.counting && !TaskFailureMarks.countedInside(exception, TaskFailureMarks.THREAD)) {
				this.counter.record(ErrorSource.THREAD, ErrorCounter.PANIC, exception);
			}
		}
		catch (RuntimeException ex) {
			// Counting must never keep the exception from its handler.
		}
		finally {
			TaskFailureMarks.clear();
			delegate(thread, exception);
		}
	}

	private void delegate(Thread thread, Throwable exception) {
		Thread.UncaughtExceptionHandler handler = this.previous;
		if (handler != null) {
			handler.uncaughtException(thread, exception);
		}
		else {
			// What ThreadGroup.uncaughtException does without a default handler (calling
			// it would loop back here).
			System.err.print("Exception in thread \"" + thread.getName() + "\" ");
			exception.printStackTrace(System.err);
		}
	}

}
