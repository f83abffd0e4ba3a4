package dev.observability.context;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} whose tasks run with the context of the thread that
 * scheduled them; a periodic task gets that context back on every run.
 */
final class ContextCarryingScheduledExecutorService extends ContextCarryingExecutorService
		implements ScheduledExecutorService {

	private final ScheduledExecutorService delegate;

	ContextCarryingScheduledExecutorService(ScheduledExecutorService delegate, ContextCarryingTaskDecorator decorator) {
		super(delegate, decorator);
		this.delegate = delegate;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return this.delegate.schedule(this.decorator.decorate(command), delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return this.delegate.schedule(this.decorator.decorate(callable), delay, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return this.delegate.scheduleAtFixedRate(this.decorator.decorate(command), initialDelay, period, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return this.delegate.scheduleWithFixedDelay(this.decorator.decorate(command), initialDelay, delay, unit);
	}

}
