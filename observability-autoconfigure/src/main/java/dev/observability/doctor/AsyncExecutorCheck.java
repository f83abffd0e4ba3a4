package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.observability.context.ExecutorCoverage;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Pitfall 2 for {@code @Async}: names the executor that runs {@code @Async} methods
 * without a qualifier, chosen as Spring chooses it, and says whether those methods get
 * their caller's trace context and MDC ({@code context.async-executor}). No finding
 * without {@code @EnableAsync} or without {@code @Async} methods: then there is nothing
 * to check.
 */
public class AsyncExecutorCheck implements PitfallCheck {

	static final String ID = "context.async-executor";

	private final ObjectProvider<ExecutorCoverage> coverage;

	private final ListableBeanFactory beanFactory;

	public AsyncExecutorCheck(ObjectProvider<ExecutorCoverage> coverage, ListableBeanFactory beanFactory) {
		this.coverage = coverage;
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		if (!this.beanFactory.containsBean(TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)) {
			return List.of();
		}
		ExecutorCoverage executors = this.coverage.getIfAvailable();
		if (executors == null) {
			return withoutPropagation();
		}
		List<String> carried = new ArrayList<>();
		List<String> lost = new ArrayList<>();
		for (Map.Entry<String, Boolean> bean : executors.asyncBeans().entrySet()) {
			(bean.getValue() ? carried : lost).add(bean.getKey());
		}
		if (!lost.isEmpty()) {
			return List.of(Finding.fail(ID, Pitfall.CONTEXT_LOST,
					"@Async methods of " + String.join(", ", lost) + " run on " + executor()
							+ " without the trace context and MDC of their caller: their proxy is frozen, so the "
							+ "starter could not add its interceptor",
					"do not freeze the proxy of a bean with @Async methods"));
		}
		if (carried.isEmpty()) {
			return List.of();
		}
		return List.of(Finding.ok(ID, Pitfall.CONTEXT_LOST,
				"@Async methods run on " + executor() + "; the caller's trace context and MDC are put in place "
						+ "around each of them, whatever executor runs it (" + String.join(", ", carried) + ")"));
	}

	private List<Finding> withoutPropagation() {
		String executor = executor();
		if (executor.startsWith(FALLBACK)) {
			return List.of(Finding.fail(ID, Pitfall.CONTEXT_LOST,
					"@Async methods run on " + executor + ", which carries no trace context and no MDC",
					"remove observability.context.enabled=false"));
		}
		return List.of(Finding.warn(
				ID, Pitfall.CONTEXT_LOST, "@Async methods run on " + executor
						+ "; not checked whether it carries the trace context and MDC: " + "context propagation is off",
				"remove observability.context.enabled=false"));
	}

	private static final String FALLBACK = "Spring's fallback SimpleAsyncTaskExecutor";

	/**
	 * The executor of {@code @Async} methods without a qualifier, described as Spring's
	 * {@code AsyncExecutionInterceptor} chooses it: an {@code AsyncConfigurer}'s, the
	 * unique {@code TaskExecutor} bean, the bean named {@code taskExecutor}, else a new
	 * {@code SimpleAsyncTaskExecutor} that is no bean.
	 */
	private String executor() {
		String[] configurers = this.beanFactory.getBeanNamesForType(AsyncConfigurer.class, false, false);
		if (configurers.length == 1) {
			return "the executor of AsyncConfigurer '" + configurers[0]
					+ "' (Spring's default when its getAsyncExecutor() returns null)";
		}
		Executor executor = new DefaultExecutorLookup().lookup(this.beanFactory);
		String name = beanName(executor);
		if (executor != null && name != null) {
			return "'" + name + "' (" + executor.getClass().getSimpleName() + ")";
		}
		return FALLBACK + " (no bean: Spring found no unique TaskExecutor and no bean named taskExecutor), "
				+ "a new thread per call";
	}

	private @Nullable String beanName(@Nullable Executor executor) {
		if (executor != null && this.beanFactory instanceof ConfigurableListableBeanFactory registry) {
			for (String name : this.beanFactory.getBeanNamesForType(Executor.class, false, false)) {
				if (registry.getSingleton(name) == executor) {
					return name;
				}
			}
		}
		return null;
	}

	/** Spring's own choice of the default executor, without a copy of its rules. */
	private static final class DefaultExecutorLookup extends AsyncExecutionInterceptor {

		DefaultExecutorLookup() {
			super(null);
		}

		@Nullable Executor lookup(BeanFactory beanFactory) {
			return getDefaultExecutor(beanFactory);
		}

	}

}
