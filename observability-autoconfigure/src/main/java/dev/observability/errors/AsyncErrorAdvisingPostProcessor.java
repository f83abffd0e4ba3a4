package dev.observability.errors;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

/**
 * Adds the {@link AsyncErrorInterceptor} to beans that Spring's {@code @EnableAsync}
 * already proxied, for their {@code @Async} methods without a return value. It never
 * creates a proxy of its own: it appends to the existing advisors, after Spring's async
 * advisor, so the interceptor runs on the executor thread. Methods that return a
 * {@code Future} are left alone: their caller sees the exception.
 * <p>
 * Deliberately not {@code Ordered}: unordered post-processors run after Spring's
 * {@code AsyncAnnotationBeanPostProcessor}, so the proxy already exists.
 */
public class AsyncErrorAdvisingPostProcessor implements BeanPostProcessor {

	private final Advisor advisor;

	/**
	 * Creates the post-processor.
	 * @param counter supplies the counter on first use
	 */
	public AsyncErrorAdvisingPostProcessor(Supplier<ErrorCounter> counter) {
		this.advisor = new DefaultPointcutAdvisor(new AsyncVoidMethodPointcut(), new AsyncErrorInterceptor(counter));
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && !advised.isFrozen() && isAsyncProxy(advised)
				&& AopUtils.canApply(this.advisor, AopUtils.getTargetClass(bean))) {
			advised.addAdvisor(this.advisor);
		}
		return bean;
	}

	private boolean isAsyncProxy(Advised advised) {
		boolean async = false;
		for (Advisor existing : advised.getAdvisors()) {
			if (existing == this.advisor) {
				return false;
			}
			async = async || existing instanceof AsyncAnnotationAdvisor;
		}
		return async;
	}

	/**
	 * Matches {@code @Async} methods (or methods of {@code @Async} classes) that return
	 * nothing.
	 */
	private static final class AsyncVoidMethodPointcut extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			if (method.getReturnType() != void.class) {
				return false;
			}
			Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
			return AnnotatedElementUtils.hasAnnotation(specific, Async.class)
					|| AnnotatedElementUtils.hasAnnotation(method, Async.class)
					|| AnnotatedElementUtils.hasAnnotation(specific.getDeclaringClass(), Async.class)
					|| AnnotatedElementUtils.hasAnnotation(targetClass, Async.class);
		}

	}

}
