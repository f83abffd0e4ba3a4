package dev.observability.context;

import dev.observability.errors.ScheduledFailureReporter;

import dev.observability.core.MdcKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Reports an exception thrown by a {@code @Scheduled} method to every
 * {@link TaskExceptionListener} with source {@code scheduled}, while the run's span is
 * current.
 * <p>
 * Spring starts one observation per run of a scheduled method; on a thread the context
 * decorator has cleared, it has no parent, so each run is a new trace. The observation's
 * scope is already closed when Spring reports the error, so the run's span is put back in
 * scope for the listeners.
 */
final class ScheduledJobObservationHandler
		implements ObservationHandler<ScheduledTaskObservationContext>, ScheduledFailureReporter {

	/** Source reported to {@link TaskExceptionListener}s for scheduled jobs. */
	public static final String SOURCE = "scheduled";

	private final TaskExceptionNotifier notifier;

	private final RunScope runScope;

	private final MdcKeys runKeys;

	ScheduledJobObservationHandler(TaskExceptionNotifier notifier, RunScope runScope) {
		this(notifier, runScope, new String[0]);
	}

	/**
	 * Creates the handler.
	 * @param notifier tells the listeners
	 * @param runScope puts a finished run's span back in scope
	 * @param mdcKeys the carried MDC keys other than the trace ids: each run starts
	 * without them and the thread gets its own values back afterwards, also where no
	 * decorator wraps the run (Spring's {@code SimpleAsyncTaskScheduler}, used with
	 * virtual threads, runs fixed-delay jobs on its own long-lived thread, undecorated)
	 */
	ScheduledJobObservationHandler(TaskExceptionNotifier notifier, RunScope runScope, String[] mdcKeys) {
		this.notifier = notifier;
		this.runScope = runScope;
		this.runKeys = MdcKeys.of(mdcKeys);
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
		context.put(SavedMdc.class, new SavedMdc(this.runKeys.save()));
		this.runKeys.remove();
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
		SavedMdc saved = context.get(SavedMdc.class);
		if (saved != null) {
			context.remove(SavedMdc.class);
			this.runKeys.restore(saved.values());
		}
	}

	@Override
	public void onError(ScheduledTaskObservationContext context) {
		Throwable error = context.getError();
		if (error == null) {
			return;
		}
		AutoCloseable scope = this.runScope.reopen(context);
		try {
			this.notifier.notify(SOURCE, error);
		}
		finally {
			close(scope);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

	private static void close(AutoCloseable scope) {
		try {
			scope.close();
		}
		catch (Exception ex) {
			// closing a span scope does not fail; nothing to undo if it did
		}
	}

	/** The thread's MDC entries before a run, {@code null} when it had none. */
	private record SavedMdc(String @Nullable [] values) {
	}

	/**
	 * Puts a finished run's span back in scope.
	 */
	@FunctionalInterface
	interface RunScope {

		/** For applications without tracing: there is no span to put back. */
		RunScope NONE = (context) -> () -> {
		};

		AutoCloseable reopen(Observation.Context context);

	}

}
