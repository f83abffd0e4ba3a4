package dev.observability.context;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Lets {@link ContextPropagation}'s static methods use the application's decorator while
 * the application runs, and the MDC-only default after it stops.
 */
final class StaticContextPropagation implements InitializingBean, DisposableBean {

	private final ContextCarryingTaskDecorator decorator;

	StaticContextPropagation(ContextCarryingTaskDecorator decorator) {
		this.decorator = decorator;
	}

	@Override
	public void afterPropertiesSet() {
		ContextPropagation.use(this.decorator);
	}

	@Override
	public void destroy() {
		ContextPropagation.release(this.decorator);
	}

}
