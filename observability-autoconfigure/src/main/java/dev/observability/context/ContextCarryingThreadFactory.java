package dev.observability.context;

import java.util.concurrent.ThreadFactory;

/**
 * A {@link ThreadFactory} whose threads run their task with the context of the thread
 * that asked for them: for factories that make one thread per task, such as
 * {@code Thread.ofVirtual().factory()} on Java 21+.
 */
final class ContextCarryingThreadFactory implements ThreadFactory {

	private final ThreadFactory delegate;

	private final ContextCarryingTaskDecorator decorator;

	ContextCarryingThreadFactory(ThreadFactory delegate, ContextCarryingTaskDecorator decorator) {
		this.delegate = delegate;
		this.decorator = decorator;
	}

	@Override
	public Thread newThread(Runnable task) {
		return this.delegate.newThread(this.decorator.decorate(task));
	}

	@Override
	public String toString() {
		return "ContextCarrying[" + this.delegate + "]";
	}

}
