package dev.observability.context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.micrometer.context.ContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Captures the submitting thread's observation, span and MDC entries when a task is
 * handed to an executor, puts them in place on the worker thread for the task, and puts
 * the worker's previous state back afterwards.
 * <p>
 * Values absent at submit time are cleared in the worker (as
 * {@code ContextSnapshotFactory} does with {@code clearMissing}), so a task never sees
 * what an earlier task left behind. Any context-propagation {@link ThreadLocalAccessor}
 * can be carried; the snapshot itself is an array rather than the library's map, see
 * {@link ContextAccessors}. A task that throws is reported to every
 * {@link TaskExceptionListener} with the context still in place, then the exception
 * continues unchanged. Decorating an already decorated task returns it as it is, so
 * composing this decorator twice costs nothing.
 */
public final class ContextCarryingTaskDecorator implements TaskDecorator {

	/**
	 * Source reported to {@link TaskExceptionListener}s for executor and {@code @Async}
	 * tasks.
	 */
	public static final String SOURCE = "async";

	private final ContextAccessors accessors;

	private final TaskExceptionNotifier notifier;

	ContextCarryingTaskDecorator(List<ThreadLocalAccessor<?>> accessors, String[] mdcKeys,
			TaskExceptionNotifier notifier) {
		List<ThreadLocalAccessor<?>> all = new ArrayList<>();
		// MDC first: the worker's own entries are read before a span scope writes Boot's
		// traceId/spanId, and put back after that scope has closed. The ids it carries
		// are the
		// ones the span's scope writes again.
		all.add(new MdcAccessor(mdcKeys));
		all.addAll(accessors);
		this.accessors = new ContextAccessors(all);
		this.notifier = notifier;
	}

	/**
	 * Creates a decorator outside Spring, for example for a benchmark or a plain Java
	 * service.
	 * @param accessors what to carry besides the MDC, in the order it is put in place
	 * (for example an {@code ObservationThreadLocalAccessor}, then an
	 * {@link OtelContextAccessor} or a {@link SpanAccessor})
	 * @param mdcKeys the MDC keys to carry
	 * @return a decorator
	 */
	public static ContextCarryingTaskDecorator of(List<ThreadLocalAccessor<?>> accessors, String... mdcKeys) {
		return new ContextCarryingTaskDecorator(accessors, mdcKeys, TaskExceptionNotifier.NONE);
	}

	/**
	 * Creates a decorator that carries only the given MDC keys, for use without Spring.
	 * @param mdcKeys the MDC keys to carry
	 * @return a decorator
	 */
	public static ContextCarryingTaskDecorator forMdcKeys(String... mdcKeys) {
		return new ContextCarryingTaskDecorator(List.of(), mdcKeys, TaskExceptionNotifier.NONE);
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		if (runnable instanceof ContextCarryingRunnable) {
			return runnable;
		}
		return new ContextCarryingRunnable(this.accessors, this.accessors.capture(), runnable, this.notifier);
	}

	/**
	 * Decorates a callable the same way as a runnable.
	 * @param <V> the result type
	 * @param callable the task
	 * @return a callable that runs the task with the current context
	 */
	public <V> Callable<V> decorate(Callable<V> callable) {
		if (callable instanceof ContextCarryingCallable) {
			return callable;
		}
		return new ContextCarryingCallable<>(this.accessors, this.accessors.capture(), callable, this.notifier);
	}

	/**
	 * A Spring {@link ContextPropagatingTaskDecorator} that carries only what this
	 * decorator does not: the accessors of Micrometer's global {@link ContextRegistry}
	 * whose keys are not carried here. Composed with this decorator, nothing is put in
	 * place, nor restored, twice.
	 * @return Spring's decorator, limited to the rest of the global registry
	 */
	ContextPropagatingTaskDecorator withoutOverlap() {
		ContextRegistry global = ContextRegistry.getInstance();
		ContextRegistry rest = new ContextRegistry();
		for (ThreadLocalAccessor<?> accessor : global.getThreadLocalAccessors()) {
			if (!this.accessors.carries(accessor.key())) {
				rest.registerThreadLocalAccessor(accessor);
			}
		}
		for (ContextAccessor<?, ?> accessor : global.getContextAccessors()) {
			rest.registerContextAccessor(accessor);
		}
		return new ContextPropagatingTaskDecorator(ContextSnapshotFactory.builder().contextRegistry(rest).build());
	}

	/**
	 * Captures the current context for code that runs pieces of work itself, such as a
	 * parallel stream.
	 * @return the captured context
	 */
	public CapturedContext capture() {
		return new CapturedContext(this.accessors, this.accessors.capture());
	}

}
