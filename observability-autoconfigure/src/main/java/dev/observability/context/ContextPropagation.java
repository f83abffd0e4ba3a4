package dev.observability.context;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Carries the current trace context and MDC entries into work that no executor bean
 * covers: executors created in code, {@code CompletableFuture.supplyAsync} without an
 * executor, the common pool, parallel streams, virtual threads made in code.
 * <pre class="code">
 * CompletableFuture.supplyAsync(() -&gt; price(item), ContextPropagation.wrap(ForkJoinPool.commonPool()));
 *
 * CapturedContext context = ContextPropagation.capture();
 * items.parallelStream().map((item) -&gt; context.supply(() -&gt; price(item))).toList();
 *
 * ExecutorService perTask = ContextPropagation.wrap(Executors.newVirtualThreadPerTaskExecutor()); // Java 21+
 * </pre> Inside a Spring application this uses the same decorator as the executor beans
 * (observation, span, configured MDC keys); without one it carries the starter's MDC keys
 * and Boot's {@code traceId}/{@code spanId}.
 */
public final class ContextPropagation {

	private static final ContextCarryingTaskDecorator MDC_ONLY = ContextCarryingTaskDecorator
		.forMdcKeys(ContextPropagationProperties.DEFAULT_MDC_KEYS.toArray(String[]::new));

	private static volatile ContextCarryingTaskDecorator decorator = MDC_ONLY;

	private ContextPropagation() {
	}

	/**
	 * Wraps a task so that it runs with the current context, wherever it runs.
	 * @param task the task
	 * @return the wrapped task
	 */
	public static Runnable wrap(Runnable task) {
		return decorator.decorate(task);
	}

	/**
	 * Wraps a callable so that it runs with the current context, wherever it runs.
	 * @param <V> the result type
	 * @param task the callable
	 * @return the wrapped callable
	 */
	public static <V> Callable<V> wrap(Callable<V> task) {
		return decorator.decorate(task);
	}

	/**
	 * Wraps an executor so that every task runs with the context of the thread that
	 * submitted it.
	 * @param executor the executor
	 * @return an executor that decorates every task
	 */
	public static Executor wrap(Executor executor) {
		if (executor instanceof ScheduledExecutorService scheduled) {
			return wrap(scheduled);
		}
		if (executor instanceof ExecutorService service) {
			return wrap(service);
		}
		return (executor instanceof ContextCarryingExecutor) ? executor
				: new ContextCarryingExecutor(executor, decorator);
	}

	/**
	 * Wraps an executor service; its lifecycle methods act on the wrapped service.
	 * @param executor the executor service
	 * @return an executor service that decorates every task
	 */
	public static ExecutorService wrap(ExecutorService executor) {
		if (executor instanceof ScheduledExecutorService scheduled) {
			return wrap(scheduled);
		}
		return (executor instanceof ContextCarryingExecutorService service) ? service
				: new ContextCarryingExecutorService(executor, decorator);
	}

	/**
	 * Wraps a scheduled executor service; a periodic task gets the context of the thread
	 * that scheduled it on every run.
	 * @param executor the scheduled executor service
	 * @return a scheduled executor service that decorates every task
	 */
	public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
		return (executor instanceof ContextCarryingScheduledExecutorService service) ? service
				: new ContextCarryingScheduledExecutorService(executor, decorator);
	}

	/**
	 * Wraps a thread factory that makes one thread per task, such as Java 21's virtual
	 * thread factory, so that each thread runs its task with the context of the thread
	 * that called {@code newThread}. <pre class="code">
	 * ThreadFactory virtual = ContextPropagation.wrapThreadFactory(Thread.ofVirtual().name("fan-out-", 0).factory());
	 * virtual.newThread(() -&gt; price(item)).start();
	 * </pre> Not for the thread factory of a pool: a pooled thread runs many tasks, and
	 * would keep the context of the task that made it. Wrap the pool itself
	 * ({@link #wrap(ExecutorService)}), as for
	 * {@code Executors.newVirtualThreadPerTaskExecutor()}.
	 * @param factory a factory that makes one thread per task
	 * @return a factory whose threads carry their creator's context
	 */
	public static ThreadFactory wrapThreadFactory(ThreadFactory factory) {
		return (factory instanceof ContextCarryingThreadFactory) ? factory
				: new ContextCarryingThreadFactory(factory, decorator);
	}

	/**
	 * Captures the current context, to put it in place around work that the caller runs
	 * itself, such as the elements of a parallel stream.
	 * @return the captured context
	 */
	public static CapturedContext capture() {
		return decorator.capture();
	}

	static void use(ContextCarryingTaskDecorator applicationDecorator) {
		decorator = applicationDecorator;
	}

	static void release(ContextCarryingTaskDecorator applicationDecorator) {
		if (decorator == applicationDecorator) {
			decorator = MDC_ONLY;
		}
	}

}
