package dev.observability.errors;

import java.lang.ref.WeakReference;

/**
 * Remembers, per thread, the last task failure that was counted and by which layer, so
 * that the same exception seen again by an outer layer on the same thread is not counted
 * twice.
 * <p>
 * The layers, innermost first: the {@code @Async} interceptor and the scheduled-task
 * observation ({@link #METHOD}), the task decorator ({@link #TASK}), and the thread's
 * uncaught-exception handler ({@link #THREAD}). An exception thrown by a task run with
 * {@code execute()} on a plain pool reaches both the decorator and, when the worker
 * thread dies, the uncaught-exception handler: only the first counts it. The same
 * exception seen again by the same layer (a preallocated exception thrown twice) is a new
 * failure and is counted.
 */
final class TaskFailureMarks {

	/** The method itself: {@code @Async} interceptor, scheduled-task observation. */
	static final int METHOD = 0;

	/** The task decorator around the executor's runnable. */
	static final int TASK = 1;

	/** The uncaught-exception handler of a dying thread. */
	static final int THREAD = 2;

	private static final ThreadLocal<Mark> LAST = new ThreadLocal<>();

	private TaskFailureMarks() {
	}

	/** Records that a layer counted the exception on this thread. */
	static void mark(Throwable exception, int layer) {
		LAST.set(new Mark(new WeakReference<>(exception), layer));
	}

	/** Whether an inner layer already counted this very exception on this thread. */
	static boolean countedInside(Throwable exception, int layer) {
		Mark mark = LAST.get();
		return mark != null && mark.layer() < layer && mark.exception().get() == exception;
	}

	/** Forgets this thread's mark. */
	static void clear() {
		LAST.remove();
	}

	private record Mark(WeakReference<Throwable> exception, int layer) {
	}

}
