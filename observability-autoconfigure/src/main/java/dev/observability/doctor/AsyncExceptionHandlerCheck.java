package dev.observability.doctor;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Pitfall 3: with {@code @EnableAsync}, an exception thrown by an {@code @Async} method
 * that returns nothing reaches no caller; unless something counts it, it vanishes into a
 * log line ({@code context.async-exception-handler}).
 */
public class AsyncExceptionHandlerCheck implements PitfallCheck {

	static final String ID = "context.async-exception-handler";

	/**
	 * The starter's post-processor that counts those exceptions in
	 * errors_total{source="async"}.
	 */
	private static final String ERROR_COUNTING = "dev.observability.errors.AsyncErrorAdvisingPostProcessor";

	private final ListableBeanFactory beanFactory;

	public AsyncExceptionHandlerCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		if (!this.beanFactory.containsBean(TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)) {
			return List.of(Finding.ok(ID, Pitfall.EXCEPTIONS_VANISH, "@EnableAsync is not used"));
		}
		if (BeanTypes.hasBean(this.beanFactory, ERROR_COUNTING)) {
			return List.of(Finding.ok(ID, Pitfall.EXCEPTIONS_VANISH,
					"exceptions of @Async methods without a return value are counted in errors_total{source=\"async\"}"));
		}
		String handler = userHandler();
		if (handler != null) {
			return List.of(Finding.ok(ID, Pitfall.EXCEPTIONS_VANISH,
					"@Async exceptions go to the AsyncUncaughtExceptionHandler of " + handler));
		}
		return List.of(Finding.warn(ID, Pitfall.EXCEPTIONS_VANISH,
				"@Async methods without a return value lose their exceptions to Spring's default handler: "
						+ "an ERROR log line, no metric, no failed span",
				"remove observability.errors.enabled=false, or implement AsyncConfigurer.getAsyncUncaughtExceptionHandler()"));
	}

	private @Nullable String userHandler() {
		for (String name : this.beanFactory.getBeanNamesForType(AsyncConfigurer.class, false, false)) {
			AsyncUncaughtExceptionHandler handler = this.beanFactory.getBean(name, AsyncConfigurer.class)
				.getAsyncUncaughtExceptionHandler();
			if (handler != null) {
				return name;
			}
		}
		return null;
	}

}
