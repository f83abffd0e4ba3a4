package dev.observability.messaging;

import java.util.List;

import dev.observability.errors.ErrorClassifierChain;
import dev.observability.errors.ErrorsAutoConfiguration;
import dev.observability.errors.StandardErrorClassifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.RecordInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the messaging auto-configuration applies, what it installs on Boot's Kafka beans,
 * and when it backs off.
 */
class MessagingObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessagingObservabilityAutoConfiguration.class,
				ErrorsAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void instrumentsBootsProducerFactoryAndListenerContainerFactoryAndCountsErrors() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MessagingMetrics.class)
				.hasSingleBean(MessagingFailures.class)
				.hasSingleBean(KafkaInstrumentationPostProcessor.class)
				.hasSingleBean(ErrorCountingMessagingExceptionListener.class)
				.doesNotHaveBean(MessagingTracing.class);
			assertThat(KafkaInstrumentationPostProcessor
				.isInstrumented(context.getBean(DefaultKafkaProducerFactory.class))).isTrue();
			assertThat(KafkaInstrumentationPostProcessor
				.isInstrumented(context.getBean(ConcurrentKafkaListenerContainerFactory.class))).isTrue();
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties()
				.isMicrometerEnabled()).isFalse();
		});
	}

	@Test
	void keepsTheApplicationsOwnRecordInterceptorAfterItsOwn() {
		RecordInterceptor<Object, Object> own = (record, consumer) -> record;
		this.runner.withBean("ownInterceptor", RecordInterceptor.class, () -> own).run((context) -> {
			RecordInterceptor<Object, Object> installed = context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getRecordInterceptor();
			assertThat(installed).isNotSameAs(own).isNotInstanceOf(ObservingRecordInterceptor.class);
			assertThat(KafkaInstrumentationPostProcessor
				.isInstrumented(context.getBean(ConcurrentKafkaListenerContainerFactory.class))).isTrue();
		});
	}

	@Test
	void springKafkaTimersStayWhenAskedFor() {
		this.runner.withPropertyValues("observability.messaging.replace-spring-kafka-timers=false")
			.run((context) -> assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties()
				.isMicrometerEnabled()).isTrue());
	}

	@Test
	void backsOffWithoutSpringKafka() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MessagingObservabilityAutoConfiguration.class, ErrorsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MessagingMetrics.class)
				.doesNotHaveBean(KafkaInstrumentationPostProcessor.class)
				.doesNotHaveBean(ErrorCountingMessagingExceptionListener.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.messaging.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaInstrumentationPostProcessor.class)
				.doesNotHaveBean(MessagingMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MessagingObservabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaInstrumentationPostProcessor.class));
	}

	@Test
	void theApplicationsOwnPiecesReplaceTheStartersOwn() {
		MessagingFailures own = new MessagingFailures(new ErrorClassifierChain(List.of(new StandardErrorClassifier())),
				List.of());
		this.runner.withBean(MessagingFailures.class, () -> own)
			.run((context) -> assertThat(context.getBean(MessagingFailures.class)).isSameAs(own));
	}

	@Test
	void aWrongLimitStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("observability.messaging.max-destinations=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.messaging.max-destinations"));
	}

}
