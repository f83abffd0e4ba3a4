package dev.observability.errors;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationHandler;

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
import org.springframework.core.io.ResourceLoader;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.function.SingletonSupplier;

/**
 * Classifies every exception the starter sees into a canonical code and counts it in
 * {@code errors_total}: {@code @Async} methods, {@code @Scheduled} jobs and dying threads
 * here; HTTP requests, gRPC calls, outbound calls and decorated tasks through the
 * exception listeners each of those capabilities declares when an {@link ErrorCounter}
 * bean is there.
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
	@ConditionalOnBooleanProperty(name = "observability.errors.install-uncaught-exception-handler",
			matchIfMissing = true)
	UncaughtExceptionCounter uncaughtExceptionCounter(ErrorCounter counter) {
		return new UncaughtExceptionCounter(counter);
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
			// reports scheduled failures to the errors counter itself when its handler is
			// there.
			SingletonSupplier<Boolean> noContextHandler = SingletonSupplier
				.of(() -> beanFactory.getBeanNamesForType(ScheduledFailureReporter.class, false, false).length == 0);
			return new ScheduledTaskErrorObservationHandler(counter, noContextHandler::obtain);
		}

	}

}
