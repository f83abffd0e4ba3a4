package dev.observability.http;

import java.lang.reflect.Modifier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Lets the reactive measurement know which exception an {@code @ExceptionHandler} method
 * turned into a response, so that it is counted as {@code handled} with its own class and
 * code (WebFlux records it nowhere; the servlet side uses
 * {@link HandlerExceptionRecorder}). Controllers and controller advice with
 * {@code @ExceptionHandler} methods get an advisor that hands the method's exception
 * argument to the request being measured on the calling thread, then calls the method
 * unchanged. Final classes, which cannot be proxied, are left alone.
 */
class ExceptionHandlerRecordingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final long serialVersionUID = 1L;

	/** Creates the post-processor. */
	ExceptionHandlerRecordingPostProcessor() {
		this.advisor = new DefaultPointcutAdvisor(
				AnnotationMatchingPointcut.forMethodAnnotation(ExceptionHandler.class), new RecordingInterceptor());
		setBeforeExistingAdvisors(true);
		setProxyTargetClass(true);
	}

	@Override
	protected boolean isEligible(Class<?> targetClass) {
		return !Modifier.isFinal(targetClass.getModifiers())
				&& (AnnotatedElementUtils.hasAnnotation(targetClass, Controller.class)
						|| AnnotatedElementUtils.hasAnnotation(targetClass, ControllerAdvice.class))
				&& AopUtils.canApply(this.advisor, targetClass);
	}

	private static final class RecordingInterceptor implements MethodInterceptor {

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			ExchangeMeasurement measurement = ExchangeContextAccessor.current();
			if (measurement != null) {
				for (Object argument : invocation.getArguments()) {
					if (argument instanceof Throwable exception) {
						measurement.handled(exception);
						break;
					}
				}
			}
			return invocation.proceed();
		}

	}

}
