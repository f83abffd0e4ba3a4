package dev.observability.errors;

/**
 * Marks an observation handler that reports a failed {@code @Scheduled} run to the
 * {@link ErrorCounter} itself (the context capability's, which does it while the run's
 * span is in scope); the errors capability's own scheduled-job handler then stays silent,
 * so that each failure is counted once.
 */
public interface ScheduledFailureReporter {

}
