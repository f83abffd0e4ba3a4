package dev.observability.context;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import dev.observability.context.ExecutorCoverage.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Makes executor beans the user defines carry context: a Spring executor gets the context
 * decorator (composed after a decorator it already has), a plain {@link Executor},
 * {@link ExecutorService} or {@link ScheduledExecutorService} is replaced by a wrapper of
 * the same interface. Records the outcome for every executor bean in
 * {@link ExecutorCoverage}.
 */
final class ExecutorContextPostProcessor implements BeanPostProcessor {

	private final Supplier<ContextCarryingTaskDecorator> decorator;

	private final Supplier<ExecutorCoverage> coverage;

	private final Supplier<ContextPropagationProperties> properties;

	/**
	 * Creates the post-processor. Its collaborators are looked up on first use, so that
	 * registering it creates no other bean early.
	 */
	ExecutorContextPostProcessor(Supplier<ContextCarryingTaskDecorator> decorator, Supplier<ExecutorCoverage> coverage,
			Supplier<ContextPropagationProperties> properties) {
		this.decorator = decorator;
		this.coverage = coverage;
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Executor executor)) {
			return bean;
		}
		if (this.properties.get().getExcludedExecutors().contains(beanName)) {
			this.coverage.get().record(beanName, Status.EXCLUDED);
			return bean;
		}
		if (bean instanceof ContextCarryingExecutor) {
			this.coverage.get().record(beanName, Status.WRAPPED);
			return bean;
		}
		TaskDecoratorField field = TaskDecoratorField.of(bean);
		if (field != null) {
			field.compose(bean, this.decorator.get());
			this.coverage.get().record(beanName, Status.DECORATED);
			return bean;
		}
		if (bean instanceof org.springframework.core.task.TaskExecutor
				|| bean instanceof org.springframework.scheduling.TaskScheduler) {
			// Another Spring executor type: a wrapper would lose the type it is injected
			// as.
			this.coverage.get().record(beanName, Status.NOT_COVERED);
			return bean;
		}
		this.coverage.get().record(beanName, Status.WRAPPED);
		return wrap(executor, this.decorator.get());
	}

	private static Executor wrap(Executor executor, ContextCarryingTaskDecorator decorator) {
		if (executor instanceof ScheduledExecutorService scheduled) {
			return new ContextCarryingScheduledExecutorService(scheduled, decorator);
		}
		if (executor instanceof ExecutorService service) {
			return new ContextCarryingExecutorService(service, decorator);
		}
		return new ContextCarryingExecutor(executor, decorator);
	}

	/**
	 * The task decorator of a Spring executor. The executors have a setter but no getter;
	 * the field is read so that a decorator the user set is kept and composed, never
	 * replaced.
	 */
	private static final class TaskDecoratorField {

		private static final List<Class<?>> TYPES = List.of(ThreadPoolTaskExecutor.class, ThreadPoolTaskScheduler.class,
				SimpleAsyncTaskExecutor.class, ConcurrentTaskExecutor.class);

		private final Field field;

		private TaskDecoratorField(Field field) {
			this.field = field;
		}

		static @Nullable TaskDecoratorField of(Object bean) {
			for (Class<?> type : TYPES) {
				if (type.isInstance(bean)) {
					Field field = ReflectionUtils.findField(type, "taskDecorator", TaskDecorator.class);
					if (field != null) {
						ReflectionUtils.makeAccessible(field);
						return new TaskDecoratorField(field);
					}
				}
			}
			return null;
		}

		void compose(Object bean, ContextCarryingTaskDecorator decorator) {
			TaskDecorator existing = (TaskDecorator) ReflectionUtils.getField(this.field, bean);
			if (existing == decorator) {
				return;
			}
			// Ours runs last, outermost: the user's decorator runs inside the restored
			// context. When
			// Boot already composed ours into the existing one, ours sees its own task
			// and skips.
			TaskDecorator composed = (existing != null) ? new CompositeTaskDecorator(List.of(existing, decorator))
					: decorator;
			setTaskDecorator(bean, composed);
		}

		private static void setTaskDecorator(Object bean, TaskDecorator decorator) {
			if (bean instanceof ThreadPoolTaskExecutor executor) {
				executor.setTaskDecorator(decorator);
			}
			else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
				scheduler.setTaskDecorator(decorator);
			}
			else if (bean instanceof SimpleAsyncTaskExecutor executor) {
				executor.setTaskDecorator(decorator);
			}
			else if (bean instanceof ConcurrentTaskExecutor executor) {
				executor.setTaskDecorator(decorator);
			}
		}

	}

}
