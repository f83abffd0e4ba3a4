package dev.observability.context;

import java.util.List;
import java.util.concurrent.Callable;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;

import org.springframework.core.task.TaskDecorator;

/**
 * Captures the submitting thread's observation, span and MDC entries when a task is handed to an
 * executor, puts them in place on the worker thread for the task, and puts the worker's previous
 * state back afterwards.
 * <p>
 * Values absent at submit time are cleared in the worker ({@code clearMissing}), so a task never
 * sees what an earlier task left behind. A task that throws is reported to every
 * {@link TaskExceptionListener} with the context still in place, then the exception continues
 * unchanged. Decorating an already decorated task returns it as it is, so composing this decorator
 * twice costs nothing.
 */
public final class ContextPropagatingTaskDecorator implements TaskDecorator {

	/** Source reported to {@link TaskExceptionListener}s for executor and {@code @Async} tasks. */
	public static final String SOURCE = "async";

	private final ContextSnapshotFactory snapshots;

	private final TaskExceptionNotifier notifier;

	ContextPropagatingTaskDecorator(List<ThreadLocalAccessor<?>> accessors, String[] mdcKeys,
			TaskExceptionNotifier notifier) {
		ContextRegistry registry = new ContextRegistry();
		accessors.forEach(registry::registerThreadLocalAccessor);
		// MDC last: set after the span (whose scope also writes traceId/spanId), restored first.
		registry.registerThreadLocalAccessor(new MdcAccessor(mdcKeys));
		this.snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).clearMissing(true).build();
		this.notifier = notifier;
	}

	/**
	 * Creates a decorator outside Spring, for example for a benchmark or a plain Java service.
	 * @param accessors what to carry besides the MDC, in the order it is put in place (for example
	 * an {@code ObservationThreadLocalAccessor}, then a {@link SpanAccessor})
	 * @param mdcKeys the MDC keys to carry
	 * @return a decorator
	 */
	public static ContextPropagatingTaskDecorator of(List<ThreadLocalAccessor<?>> accessors, String... mdcKeys) {
		return new ContextPropagatingTaskDecorator(accessors, mdcKeys, TaskExceptionNotifier.NONE);
	}

	/**
	 * Creates a decorator that carries only the given MDC keys, for use without Spring.
	 * @param mdcKeys the MDC keys to carry
	 * @return a decorator
	 */
	public static ContextPropagatingTaskDecorator forMdcKeys(String... mdcKeys) {
		return new ContextPropagatingTaskDecorator(List.of(), mdcKeys, TaskExceptionNotifier.NONE);
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		if (runnable instanceof ContextRunnable) {
			return runnable;
		}
		return new ContextRunnable(this.snapshots.captureAll(), runnable, this.notifier);
	}

	/**
	 * Decorates a callable the same way as a runnable.
	 * @param <V> the result type
	 * @param callable the task
	 * @return a callable that runs the task with the current context
	 */
	public <V> Callable<V> decorate(Callable<V> callable) {
		if (callable instanceof ContextCallable) {
			return callable;
		}
		return new ContextCallable<>(this.snapshots.captureAll(), callable, this.notifier);
	}

	/**
	 * Captures the current context for code that runs pieces of work itself, such as a parallel
	 * stream.
	 * @return the captured context
	 */
	public CapturedContext capture() {
		return new CapturedContext(this.snapshots.captureAll());
	}

}
