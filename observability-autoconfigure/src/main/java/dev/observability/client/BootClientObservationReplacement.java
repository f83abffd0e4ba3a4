package dev.observability.client;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces one of Spring Boot's client observation customizers (which carry no back-off
 * condition) with one that observes nothing, so that the clients Boot builds are measured
 * and traced by the starter alone, whatever order the customizers run in.
 *
 * @param <T> the customizer type
 */
class BootClientObservationReplacement<T> implements BeanPostProcessor {

	private final Class<T> type;

	private final Supplier<T> replacement;

	/**
	 * Creates the post-processor.
	 * @param type the type of Boot's customizer
	 * @param replacement creates the customizer that observes nothing
	 */
	BootClientObservationReplacement(Class<T> type, Supplier<T> replacement) {
		this.type = type;
		this.replacement = replacement;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return this.type.isInstance(bean) ? this.replacement.get() : bean;
	}

}
