package dev.observability.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} whose tasks run with the context of the thread that
 * submitted them; lifecycle calls go straight to the wrapped service.
 */
class ContextCarryingExecutorService extends ContextCarryingExecutor implements ExecutorService {

	private final ExecutorService delegate;

	ContextCarryingExecutorService(ExecutorService delegate, ContextCarryingTaskDecorator decorator) {
		super(delegate, decorator);
		this.delegate = delegate;
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return this.delegate.submit(this.decorator.decorate(task));
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		return this.delegate.submit(this.decorator.decorate(task), result);
	}

	@Override
	public Future<?> submit(Runnable task) {
		return this.delegate.submit(this.decorator.decorate(task));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return this.delegate.invokeAll(decorate(tasks));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return this.delegate.invokeAll(decorate(tasks), timeout, unit);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		return this.delegate.invokeAny(decorate(tasks));
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.delegate.invokeAny(decorate(tasks), timeout, unit);
	}

	@Override
	public void shutdown() {
		this.delegate.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		return this.delegate.shutdownNow();
	}

	@Override
	public boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.delegate.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.awaitTermination(timeout, unit);
	}

	private <T> List<Callable<T>> decorate(Collection<? extends Callable<T>> tasks) {
		List<Callable<T>> decorated = new ArrayList<>(tasks.size());
		for (Callable<T> task : tasks) {
			decorated.add(this.decorator.decorate(task));
		}
		return decorated;
	}

}
