package dev.observability.context;

import java.util.concurrent.Executor;

/**
 * An {@link Executor} whose tasks run with the context of the thread that submitted them.
 */
class ContextCarryingExecutor implements Executor {

	private final Executor delegate;

	final ContextCarryingTaskDecorator decorator;

	ContextCarryingExecutor(Executor delegate, ContextCarryingTaskDecorator decorator) {
		this.delegate = delegate;
		this.decorator = decorator;
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(this.decorator.decorate(command));
	}

	/**
	 * The executor that runs the tasks.
	 * @return the wrapped executor
	 */
	Executor getDelegate() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "ContextCarrying[" + this.delegate + "]";
	}

}
