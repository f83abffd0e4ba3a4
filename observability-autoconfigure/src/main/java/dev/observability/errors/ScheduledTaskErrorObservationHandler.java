package dev.observability.errors;

import java.util.function.BooleanSupplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Counts a {@code @Scheduled} job that throws as
 * {@code source="scheduled", type="panic"}, for applications where the context capability
 * does not report scheduled jobs itself. It listens to the observation Spring opens
 * around every scheduled method run, which sees the exception before the scheduler's
 * {@code ErrorHandler} logs (or suppresses) it, whatever the scheduler; the exception
 * then continues unchanged.
 * <p>
 * When a {@link ScheduledFailureReporter} (the context capability's scheduled-job
 * handler) is present, it reports the same exception itself, and this handler stays
 * silent so that each failure is counted once.
 */
class ScheduledTaskErrorObservationHandler implements ObservationHandler<ScheduledTaskObservationContext> {

	private final ErrorCounter counter;

	private final BooleanSupplier active;

	/**
	 * Creates the handler.
	 * @param counter counts the exceptions
	 * @param active whether this handler counts, asked on each failure (the answer may be
	 * cached)
	 */
	ScheduledTaskErrorObservationHandler(ErrorCounter counter, BooleanSupplier active) {
		this.counter = counter;
		this.active = active;
	}

	@Override
	public void onError(ScheduledTaskObservationContext context) {
		Throwable error = context.getError();
		if (error != null && this.active.getAsBoolean()) {
			this.counter.record(ErrorSource.SCHEDULED, ErrorCounter.PANIC, error);
			TaskFailureMarks.mark(error, TaskFailureMarks.METHOD);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

}
