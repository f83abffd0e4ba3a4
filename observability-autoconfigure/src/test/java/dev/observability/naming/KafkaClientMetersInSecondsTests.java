package dev.observability.naming;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Kafka factories get the listener that registers their clients' time meters in
 * seconds (the meters themselves: {@code MetersInSecondsTests}, and against a real broker
 * {@code KafkaObservabilityIntegrationTests}).
 */
class KafkaClientMetersInSecondsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final KafkaClientMetersInSeconds postProcessor = new KafkaClientMetersInSeconds(() -> this.registry);

	@Test
	void factoriesWhoseClientsMicrometerBindsGetOneSecondsListener() {
		DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(Map.of());
		producers.addListener(new MicrometerProducerListener<>(this.registry));
		DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(Map.of());
		consumers.addListener(new MicrometerConsumerListener<>(this.registry));
		for (int i = 0; i < 2; i++) {
			this.postProcessor.postProcessBeforeInitialization(producers, "producerFactory");
			this.postProcessor.postProcessBeforeInitialization(consumers, "consumerFactory");
		}
		assertThat(producers.getListeners()).hasSize(2);
		assertThat(consumers.getListeners()).hasSize(2);
		this.postProcessor.destroy();
	}

	@Test
	void factoriesWithoutMicrometersListenerAreLeftAlone() {
		DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(Map.of());
		DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(Map.of());
		this.postProcessor.postProcessBeforeInitialization(producers, "producerFactory");
		this.postProcessor.postProcessBeforeInitialization(consumers, "consumerFactory");
		assertThat(producers.getListeners()).isEmpty();
		assertThat(consumers.getListeners()).isEmpty();
		this.postProcessor.destroy();
	}

}
