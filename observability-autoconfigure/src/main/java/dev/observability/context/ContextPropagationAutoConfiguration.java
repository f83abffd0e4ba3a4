package dev.observability.context;

import dev.observability.errors.ErrorCounter;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Carries the trace context and MDC entries into executors, {@code @Async} methods and
 * scheduled jobs, and starts a fresh trace for every scheduled run.
 * <p>
 * A user's own {@link TaskDecorator} beans are kept: Boot composes every decorator bean,
 * and this one is ordered last, so it is outermost and the user's decorator runs with the
 * context in place.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"dev.observability.errors.ErrorsAutoConfiguration" },
		beforeName = { "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
				"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnClass({ ThreadLocalAccessor.class, TaskDecorator.class })
@ConditionalOnBooleanProperty(name = "observability.context.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ContextPropagationProperties.class)
public final class ContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.LOWEST_PRECEDENCE)
	ContextCarryingTaskDecorator contextPropagatingTaskDecorator(ContextPropagationProperties properties,
			ObjectProvider<ThreadLocalAccessor<?>> accessors, ObjectProvider<TaskExceptionListener> listeners) {
		return new ContextCarryingTaskDecorator(accessors.orderedStream().toList(), properties.allMdcKeys(),
				notifier(listeners));
	}

	@Bean
	@ConditionalOnMissingBean
	ExecutorCoverage executorCoverage() {
		return new ExecutorCoverage();
	}

	@Bean
	static ExecutorContextPostProcessor executorContextPostProcessor(
			ObjectProvider<ContextCarryingTaskDecorator> decorator, ObjectProvider<ExecutorCoverage> coverage,
			ObjectProvider<ContextPropagationProperties> properties) {
		return new ExecutorContextPostProcessor(decorator::getObject, coverage::getObject, properties::getObject);
	}

	@Bean
	StaticContextPropagation staticContextPropagation(ContextCarryingTaskDecorator decorator) {
		return new StaticContextPropagation(decorator);
	}

	private static TaskExceptionNotifier notifier(ObjectProvider<TaskExceptionListener> listeners) {
		return new TaskExceptionNotifier(() -> listeners.orderedStream().toList());
	}

	/**
	 * Counts what decorated tasks throw in {@code errors_total} when the errors
	 * capability is on.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ErrorCounter.class)
	static class ErrorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingTaskExceptionListener errorCountingTaskExceptionListener(ErrorCounter counter) {
			return new ErrorCountingTaskExceptionListener(counter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationThreadLocalAccessor.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE + 10)
		@ConditionalOnMissingBean
		ObservationThreadLocalAccessor observationThreadLocalAccessor(ObservationRegistry registry) {
			return new ObservationThreadLocalAccessor(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean(Tracer.class)
	static class TracingConfiguration {

		private static final String OTEL_TRACER_CLASS = "io.micrometer.tracing.otel.bridge.OtelTracer";

		private static final String REACTOR_HOOKS_CLASS = "reactor.core.publisher.Hooks";

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE + 20)
		ThreadLocalAccessor<?> spanThreadLocalAccessor(Tracer tracer) {
			ThreadLocalAccessor<?> accessor = spanAccessor(tracer);
			// Reactor's automatic context propagation restores what Micrometer's global
			// registry
			// knows: the reactive HTTP side puts its server span in the Reactor context
			// under this key.
			if (ClassUtils.isPresent(REACTOR_HOOKS_CLASS, TracingConfiguration.class.getClassLoader())) {
				ContextRegistry.getInstance().registerThreadLocalAccessor(accessor);
			}
			return accessor;
		}

		private static ThreadLocalAccessor<?> spanAccessor(Tracer tracer) {
			// On the OpenTelemetry bridge the current span lives in the OpenTelemetry
			// context:
			// carrying that context directly is the cheap path.
			if (ClassUtils.isPresent(OTEL_TRACER_CLASS, TracingConfiguration.class.getClassLoader())
					&& OtelBridge.isOtelTracer(tracer)) {
				return new OtelContextAccessor();
			}
			return new SpanAccessor(tracer);
		}

		/** Touches the bridge's type only once it is known to be there. */
		private static final class OtelBridge {

			static boolean isOtelTracer(Tracer tracer) {
				return tracer instanceof io.micrometer.tracing.otel.bridge.OtelTracer;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ScheduledTaskObservationContext.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ScheduledJobsConfiguration {

		private static final String TRACER_CLASS = "io.micrometer.tracing.Tracer";

		@Bean
		@ConditionalOnMissingBean
		ScheduledJobObservationHandler scheduledJobObservationHandler(ObjectProvider<TaskExceptionListener> listeners,
				ListableBeanFactory beanFactory) {
			return new ScheduledJobObservationHandler(notifier(listeners), runScope(beanFactory));
		}

		private static ScheduledJobObservationHandler.RunScope runScope(ListableBeanFactory beanFactory) {
			// Tracer is optional: only touch its type when the library is there.
			if (!ClassUtils.isPresent(TRACER_CLASS, ScheduledJobsConfiguration.class.getClassLoader())) {
				return ScheduledJobObservationHandler.RunScope.NONE;
			}
			return TracingRunScope.of(beanFactory);
		}

	}

}
