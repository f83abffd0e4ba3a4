package dev.observability.errors;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Counts the exception of an {@code @Async} method without a return value as
 * {@code source="async", type="panic"} and rethrows it unchanged. It runs inside Spring's
 * async interceptor, on the executor thread, so the exception still reaches the
 * {@code AsyncUncaughtExceptionHandler} afterwards; nobody else would count it, because
 * Spring catches it before the executor or a task decorator can see it.
 */
class AsyncErrorInterceptor implements MethodInterceptor {

	private final Supplier<ErrorCounter> counter;

	/**
	 * Creates the interceptor.
	 * @param counter supplies the counter on first use, so that the interceptor can be
	 * created with the post-processors, before the meter registry
	 */
	AsyncErrorInterceptor(Supplier<ErrorCounter> counter) {
		this.counter = counter;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		try {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			count(ex);
			throw ex;
		}
	}

	private void count(Throwable exception) {
		try {
			this.counter.get().record(ErrorSource.ASYNC, ErrorCounter.PANIC, exception);
			TaskFailureMarks.mark(exception, TaskFailureMarks.METHOD);
		}
		catch (RuntimeException ex) {
			// Counting must never replace the method's own exception (a context closing,
			// for one).
		}
	}

}
