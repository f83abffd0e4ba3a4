package dev.observability.doctor;

import java.util.Map;

import dev.observability.messaging.MessagingObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pitfall report's Kafka check: silent without Kafka, ok on Boot's beans, a warning
 * naming a template built by hand.
 */
class KafkaInstrumentationCheckTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessagingObservabilityAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void saysNothingWhenTheApplicationUsesNoKafka() {
		this.runner.run((context) -> assertThat(new KafkaInstrumentationCheck(context).check()).isEmpty());
	}

	@Test
	void bootsTemplateAndListenerContainerFactoryAreInstrumented() {
		this.runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
			.run((context) -> assertThat(new KafkaInstrumentationCheck(context).check()).singleElement()
				.satisfies((finding) -> {
					assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
					assertThat(finding.message()).startsWith("2 Kafka template(s)");
				}));
	}

	@Test
	void aTemplateBuiltByHandOnItsOwnProducerFactoryIsFlagged() {
		this.runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
			.withBean("handMadeTemplate", KafkaTemplate.class,
					() -> new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())))
			.run((context) -> assertThat(new KafkaInstrumentationCheck(context).check()).singleElement()
				.satisfies((finding) -> {
					assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
					assertThat(finding.message()).contains("handMadeTemplate (KafkaTemplate)")
						.doesNotContain("kafkaTemplate (KafkaTemplate)");
				}));
	}

	@Test
	void withTheMessagingCapabilityOffBootsBeansAreFlagged() {
		this.runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
			.withPropertyValues("observability.messaging.enabled=false")
			.run((context) -> assertThat(new KafkaInstrumentationCheck(context).check()).singleElement()
				.satisfies((finding) -> assertThat(finding.message()).contains("kafkaTemplate (KafkaTemplate)",
						"kafkaListenerContainerFactory (listener container factory)")));
	}

}
