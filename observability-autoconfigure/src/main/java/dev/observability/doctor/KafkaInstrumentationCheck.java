package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;

import dev.observability.messaging.KafkaInstrumentationPostProcessor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Kafka templates and listener containers that bypass the starter's instrumentation send
 * records without trace context or measurement, and run listeners without spans, MDC
 * fields or counts: a template on a producer factory built by hand, a container factory
 * or container made in code. Says nothing in an application without Kafka templates or
 * listeners.
 */
public class KafkaInstrumentationCheck implements PitfallCheck {

	static final String ID = "messaging.kafka";

	private final ListableBeanFactory beanFactory;

	public KafkaInstrumentationCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		List<String> checked = new ArrayList<>();
		List<String> bypassing = new ArrayList<>();
		this.beanFactory.getBeansOfType(KafkaTemplate.class, false, false).forEach((name, template) -> {
			checked.add(name);
			if (!instrumented(template.getProducerFactory())) {
				bypassing.add(name + " (KafkaTemplate)");
			}
		});
		this.beanFactory.getBeansOfType(AbstractKafkaListenerContainerFactory.class, false, false)
			.forEach((name, factory) -> {
				checked.add(name);
				if (!KafkaInstrumentationPostProcessor.isInstrumented(factory)) {
					bypassing.add(name + " (listener container factory)");
				}
			});
		for (KafkaListenerEndpointRegistry registry : this.beanFactory
			.getBeansOfType(KafkaListenerEndpointRegistry.class, false, false)
			.values()) {
			for (MessageListenerContainer container : registry.getAllListenerContainers()) {
				checked.add(container.getListenerId());
				if (!instrumented(container)) {
					bypassing.add(container.getListenerId() + " (listener container)");
				}
			}
		}
		if (checked.isEmpty()) {
			return List.of();
		}
		if (!bypassing.isEmpty()) {
			return List.of(Finding.warn(ID, Pitfall.WRONG_LAYER,
					"Kafka templates or listener containers bypass the starter's instrumentation, so their records "
							+ "carry no trace context and are neither measured nor counted: "
							+ String.join(", ", bypassing),
					"keep observability.messaging.enabled=true and build templates on the application's "
							+ "ProducerFactory and listeners on its container factories; for a factory made in code, "
							+ "call producerFactory.addPostProcessor(...) or pass it through the "
							+ "KafkaInstrumentationPostProcessor bean (see docs/messaging.md)"));
		}
		return List.of(Finding.ok(ID, Pitfall.WRONG_LAYER, checked.size()
				+ " Kafka template(s), listener container factory(ies) and container(s) measured and traced by the "
				+ "starter; producers and consumers created in code outside Spring beans are not visible to this check"));
	}

	private static boolean instrumented(ProducerFactory<?, ?> factory) {
		return factory instanceof DefaultKafkaProducerFactory<?, ?> defaultFactory
				&& KafkaInstrumentationPostProcessor.isInstrumented(defaultFactory);
	}

	/** Children of a concurrent container get the interceptors of their parent. */
	private static boolean instrumented(MessageListenerContainer container) {
		return container instanceof AbstractMessageListenerContainer<?, ?> observed
				&& KafkaInstrumentationPostProcessor.isInstrumented(observed);
	}

}
