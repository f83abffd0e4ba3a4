package dev.observability.context;

import dev.observability.errors.ScheduledFailureReporter;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

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
public final class ScheduledJobObservationHandler
		implements ObservationHandler<ScheduledTaskObservationContext>, ScheduledFailureReporter {

	/** Source reported to {@link TaskExceptionListener}s for scheduled jobs. */
	public static final String SOURCE = "scheduled";

	private final TaskExceptionNotifier notifier;

	private final RunScope runScope;

	ScheduledJobObservationHandler(TaskExceptionNotifier notifier, RunScope runScope) {
		this.notifier = notifier;
		this.runScope = runScope;
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
