package dev.observability.errors;

import java.util.ArrayList;
import java.util.List;

import dev.observability.context.ScheduledJobObservationHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.function.SingletonSupplier;

/**
 * Classifies every exception the starter sees into a canonical code and counts it in
 * {@code errors_total}: HTTP requests, gRPC calls, {@code @Async} methods, decorated
 * tasks, {@code @Scheduled} jobs, Kafka sends and listeners, and dying threads.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.errors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErrorsProperties.class)
public final class ErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ErrorClassifierChain errorClassifierChain(ErrorsProperties properties, ObjectProvider<ErrorClassifier> classifiers,
			ResourceLoader resourceLoader) {
		List<ErrorClassifier> chain = new ArrayList<>();
		if (!properties.getMappings().isEmpty()) {
			chain.add(new MappedErrorClassifier(properties.getMappings(), resourceLoader.getClassLoader()));
		}
		classifiers.orderedStream().forEach(chain::add);
		chain.add(new StandardErrorClassifier());
		return new ErrorClassifierChain(chain);
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorCounter errorCounter(MeterRegistry registry, ErrorClassifierChain classifier, ErrorsProperties properties) {
		return new ErrorCounter(registry, classifier, properties.getMaxExceptionNames());
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorCountingTaskExceptionListener errorCountingTaskExceptionListener(ErrorCounter counter) {
		return new ErrorCountingTaskExceptionListener(counter);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.errors.install-uncaught-exception-handler",
			matchIfMissing = true)
	UncaughtExceptionCounter uncaughtExceptionCounter(ErrorCounter counter) {
		return new UncaughtExceptionCounter(counter);
	}

	/**
	 * Servlet and reactive requests alike: both measuring filters tell the same
	 * listeners.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class HttpConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingHttpExceptionListener errorCountingHttpExceptionListener(ErrorCounter counter) {
			return new ErrorCountingHttpExceptionListener(counter);
		}

	}

	/**
	 * gRPC server calls: the gRPC capability's interceptor and exception handlers tell
	 * it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServerInterceptor.class)
	static class GrpcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingGrpcExceptionListener errorCountingGrpcExceptionListener(ErrorCounter counter) {
			return new ErrorCountingGrpcExceptionListener(counter);
		}

	}

	/**
	 * Kafka sends and listener invocations: the messaging capability's instrumentation
	 * tells it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
	static class MessagingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingMessagingExceptionListener errorCountingMessagingExceptionListener(ErrorCounter counter) {
			return new ErrorCountingMessagingExceptionListener(counter);
		}

	}

	/**
	 * Active only with {@code @EnableAsync}: without it an {@code @Async} method runs on
	 * its caller's thread.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AsyncAnnotationAdvisor.class)
	@ConditionalOnBean(name = TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)
	static class AsyncConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static AsyncErrorAdvisingPostProcessor asyncErrorAdvisingPostProcessor(ObjectProvider<ErrorCounter> counter) {
			return new AsyncErrorAdvisingPostProcessor(SingletonSupplier.of(counter::getObject));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationHandler.class, ScheduledTaskObservationContext.class })
	static class ScheduledConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScheduledTaskErrorObservationHandler scheduledTaskErrorObservationHandler(ErrorCounter counter,
				ListableBeanFactory beanFactory) {
			// Decided on first failure, when every bean is known: the context capability
			// reports
			// scheduled failures to the task listener itself when its handler is there.
			SingletonSupplier<Boolean> noContextHandler = SingletonSupplier.of(() -> beanFactory
				.getBeanNamesForType(ScheduledJobObservationHandler.class, false, false).length == 0);
			return new ScheduledTaskErrorObservationHandler(counter, noContextHandler::obtain);
		}

	}

}
