package dev.observability.context;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

/**
 * Makes {@code @Async} methods run with their caller's context, whatever executor Spring
 * chooses for them: Boot's {@code applicationTaskExecutor}, a bean named in
 * {@code @Async("pool")}, the executor of an {@code AsyncConfigurer}, or the
 * {@code SimpleAsyncTaskExecutor} that Spring creates, as no bean, when it finds no
 * executor to use.
 * <p>
 * It adds two interceptors around Spring's async interceptor on the proxy that
 * {@code @EnableAsync} created: the first, on the calling thread, captures the context
 * into the method invocation; the second, on the executor's thread, puts it in place
 * around the method, unless an executor that carries context already did (then nothing is
 * put in place twice). Beans whose proxy was frozen are recorded in
 * {@link ExecutorCoverage} as not carried, for the pitfall report.
 * <p>
 * Deliberately not {@code Ordered}: unordered post-processors run after Spring's
 * {@code AsyncAnnotationBeanPostProcessor}, so the proxy already exists.
 */
final class AsyncMethodContextPostProcessor implements BeanPostProcessor {

	private static final String CAPTURED = AsyncMethodContextPostProcessor.class.getName() + ".captured";

	private final Supplier<ContextCarryingTaskDecorator> decorator;

	private final Supplier<ExecutorCoverage> coverage;

	AsyncMethodContextPostProcessor(Supplier<ContextCarryingTaskDecorator> decorator,
			Supplier<ExecutorCoverage> coverage) {
		this.decorator = decorator;
		this.coverage = coverage;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Advised advised)) {
			return bean;
		}
		Advisor[] advisors = advised.getAdvisors();
		int async = -1;
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i] instanceof CaptureAdvisor) {
				return bean;
			}
			if (advisors[i] instanceof AsyncAnnotationAdvisor) {
				async = i;
			}
		}
		if (async < 0) {
			return bean;
		}
		if (advised.isFrozen()) {
			this.coverage.get().recordAsyncBean(beanName, false);
			return bean;
		}
		AsyncAnnotationAdvisor asyncAdvisor = (AsyncAnnotationAdvisor) advisors[async];
		// On the executor's thread: right after Spring's async interceptor, before what
		// the method's other advisors do there (counting its exception, for one).
		advised.addAdvisor(async + 1, new DefaultPointcutAdvisor(asyncAdvisor.getPointcut(), new PutInPlace()));
		// On the calling thread: right before Spring's async interceptor.
		advised.addAdvisor(async, new CaptureAdvisor(asyncAdvisor, new Capture(this.decorator)));
		this.coverage.get().recordAsyncBean(beanName, true);
		return bean;
	}

	/** Marks the advisor pair as added, so that a bean is never advised twice. */
	private static final class CaptureAdvisor extends DefaultPointcutAdvisor {

		CaptureAdvisor(AsyncAnnotationAdvisor asyncAdvisor, Capture capture) {
			super(asyncAdvisor.getPointcut(), capture);
		}

	}

	/** Captures the caller's context into the invocation that the executor will run. */
	private static final class Capture implements MethodInterceptor {

		private final Supplier<ContextCarryingTaskDecorator> decorator;

		Capture(Supplier<ContextCarryingTaskDecorator> decorator) {
			this.decorator = decorator;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			if (invocation instanceof ProxyMethodInvocation proxied) {
				proxied.setUserAttribute(CAPTURED, this.decorator.get().capture());
			}
			return invocation.proceed();
		}

	}

	/** Puts the captured context in place on the executor's thread. */
	private static final class PutInPlace implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			CapturedContext captured = (invocation instanceof ProxyMethodInvocation proxied)
					? (CapturedContext) proxied.getUserAttribute(CAPTURED) : null;
			if (captured == null || captured.isInPlace()) {
				return invocation.proceed();
			}
			Object[] previous = captured.putInPlace();
			try {
				return invocation.proceed();
			}
			finally {
				captured.restore(previous);
			}
		}

	}

}
