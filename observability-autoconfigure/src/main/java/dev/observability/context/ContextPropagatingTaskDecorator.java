package dev.observability.context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.micrometer.context.ThreadLocalAccessor;

import org.springframework.core.task.TaskDecorator;

/**
 * Captures the submitting thread's observation, span and MDC entries when a task is handed to an
 * executor, puts them in place on the worker thread for the task, and puts the worker's previous
 * state back afterwards.
 * <p>
 * Values absent at submit time are cleared in the worker (as {@code ContextSnapshotFactory} does
 * with {@code clearMissing}), so a task never sees what an earlier task left behind. Any
 * context-propagation {@link ThreadLocalAccessor} can be carried; the snapshot itself is an array
 * rather than the library's map, see {@link ContextAccessors}. A task that throws is reported to every
 * {@link TaskExceptionListener} with the context still in place, then the exception continues
 * unchanged. Decorating an already decorated task returns it as it is, so composing this decorator
 * twice costs nothing.
 */
public final class ContextPropagatingTaskDecorator implements TaskDecorator {

	/** Source reported to {@link TaskExceptionListener}s for executor and {@code @Async} tasks. */
	public static final String SOURCE = "async";

	/** The MDC keys Boot's tracing listeners maintain along with the span in scope. */
	private static final List<String> TRACE_ID_KEYS = List.of("traceId", "spanId");

	private final ContextAccessors accessors;

	private final TaskExceptionNotifier notifier;

	ContextPropagatingTaskDecorator(List<ThreadLocalAccessor<?>> accessors, String[] mdcKeys,
			TaskExceptionNotifier notifier) {
		List<ThreadLocalAccessor<?>> all = new ArrayList<>(accessors);
		// MDC last: set after the span, restored first. The span's scope writes Boot's
		// traceId/spanId itself, so with a span carrier the MDC accessor leaves those two alone.
		all.add(new MdcAccessor(carriesSpan(accessors) ? withoutTraceIds(mdcKeys) : mdcKeys));
		this.accessors = new ContextAccessors(all);
		this.notifier = notifier;
	}

	private static boolean carriesSpan(List<ThreadLocalAccessor<?>> accessors) {
		for (ThreadLocalAccessor<?> accessor : accessors) {
			if (SpanAccessor.KEY.equals(accessor.key())) {
				return true;
			}
		}
		return false;
	}

	private static String[] withoutTraceIds(String[] mdcKeys) {
		List<String> keys = new ArrayList<>(List.of(mdcKeys));
		keys.removeAll(TRACE_ID_KEYS);
		return keys.toArray(String[]::new);
	}

	/**
	 * Creates a decorator outside Spring, for example for a benchmark or a plain Java service.
	 * @param accessors what to carry besides the MDC, in the order it is put in place (for example
	 * an {@code ObservationThreadLocalAccessor}, then an {@link OtelContextAccessor} or a
	 * {@link SpanAccessor})
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
		return new ContextRunnable(this.accessors, this.accessors.capture(), runnable, this.notifier);
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
		return new ContextCallable<>(this.accessors, this.accessors.capture(), callable, this.notifier);
	}

	/**
	 * Captures the current context for code that runs pieces of work itself, such as a parallel
	 * stream.
	 * @return the captured context
	 */
	public CapturedContext capture() {
		return new CapturedContext(this.accessors, this.accessors.capture());
	}

}
