package dev.observability.messaging;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts the starter's instrumentation on the Kafka beans of the application, whoever built
 * them: the send instrumentation on every {@link DefaultKafkaProducerFactory}, the record
 * and batch interceptors first on every listener container factory and every listener
 * container declared as a bean (kept with the interceptors already there), and, unless
 * told otherwise, spring-kafka's own timers off on templates and containers so that each
 * send and each invocation is measured once.
 */
public class KafkaInstrumentationPostProcessor implements BeanPostProcessor {

	private final Supplier<KafkaSendInstrumentation<Object, Object>> send;

	private final Supplier<ObservingRecordInterceptor<Object, Object>> recordInterceptor;

	private final Supplier<ObservingBatchInterceptor<Object, Object>> batchInterceptor;

	private final boolean replaceSpringKafkaTimers;

	/**
	 * Creates the post-processor. The pieces are looked up on first use, so that this
	 * post-processor does not make their dependencies early.
	 * @param send the send instrumentation
	 * @param recordInterceptor the record interceptor
	 * @param batchInterceptor the batch interceptor
	 * @param replaceSpringKafkaTimers whether spring-kafka's own timers are switched off
	 */
	public KafkaInstrumentationPostProcessor(Supplier<KafkaSendInstrumentation<Object, Object>> send,
			Supplier<ObservingRecordInterceptor<Object, Object>> recordInterceptor,
			Supplier<ObservingBatchInterceptor<Object, Object>> batchInterceptor, boolean replaceSpringKafkaTimers) {
		this.send = send;
		this.recordInterceptor = recordInterceptor;
		this.batchInterceptor = batchInterceptor;
		this.replaceSpringKafkaTimers = replaceSpringKafkaTimers;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultKafkaProducerFactory<?, ?> factory) {
			instrument((DefaultKafkaProducerFactory<Object, Object>) factory);
		}
		else if (bean instanceof KafkaTemplate<?, ?> template && this.replaceSpringKafkaTimers) {
			template.setMicrometerEnabled(false);
		}
		else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			instrument((AbstractKafkaListenerContainerFactory<?, Object, Object>) factory);
		}
		else if (bean instanceof AbstractMessageListenerContainer<?, ?> container) {
			instrument((AbstractMessageListenerContainer<Object, Object>) container);
		}
		return bean;
	}

	/**
	 * Whether a producer factory sends through the starter's instrumentation.
	 * @param factory the factory
	 * @return {@code true} when the send instrumentation is one of its post-processors
	 */
	public static boolean isInstrumented(DefaultKafkaProducerFactory<?, ?> factory) {
		return factory.getPostProcessors().stream().anyMatch(KafkaSendInstrumentation.class::isInstance);
	}

	/**
	 * Whether a listener container factory's containers go through the starter's
	 * interceptors.
	 * @param factory the factory
	 * @return {@code true} when its record or batch interceptor is the starter's
	 */
	public static boolean isInstrumented(AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
		return isObserving(factory.getRecordInterceptor()) || isObserving(factory.getBatchInterceptor());
	}

	/**
	 * Whether a listener container goes through the starter's interceptors.
	 * @param container the container
	 * @return {@code true} when its record or batch interceptor is the starter's
	 */
	public static boolean isInstrumented(AbstractMessageListenerContainer<?, ?> container) {
		return isObserving(container.getRecordInterceptor()) || isObserving(container.getBatchInterceptor());
	}

	private void instrument(DefaultKafkaProducerFactory<Object, Object> factory) {
		if (!isInstrumented(factory)) {
			factory.addPostProcessor(this.send.get());
		}
	}

	private void instrument(AbstractKafkaListenerContainerFactory<?, Object, Object> factory) {
		if (isInstrumented(factory)) {
			return;
		}
		factory.setRecordInterceptor(first(this.recordInterceptor.get(), factory.getRecordInterceptor()));
		factory.setBatchInterceptor(first(this.batchInterceptor.get(), factory.getBatchInterceptor()));
		timers(factory.getContainerProperties());
	}

	private void instrument(AbstractMessageListenerContainer<Object, Object> container) {
		if (isInstrumented(container)) {
			return;
		}
		container.setRecordInterceptor(first(this.recordInterceptor.get(), container.getRecordInterceptor()));
		container.setBatchInterceptor(first(this.batchInterceptor.get(), container.getBatchInterceptor()));
		timers(container.getContainerProperties());
	}

	private void timers(ContainerProperties properties) {
		if (this.replaceSpringKafkaTimers) {
			properties.setMicrometerEnabled(false);
		}
	}

	private static RecordInterceptor<Object, Object> first(ObservingRecordInterceptor<Object, Object> ours,
			RecordInterceptor<Object, Object> existing) {
		return (existing != null) ? new OursFirstRecordInterceptor(ours, existing) : ours;
	}

	private static BatchInterceptor<Object, Object> first(ObservingBatchInterceptor<Object, Object> ours,
			BatchInterceptor<Object, Object> existing) {
		return (existing != null) ? new OursFirstBatchInterceptor(ours, existing) : ours;
	}

	private static boolean isObserving(Object interceptor) {
		return interceptor instanceof ObservingRecordInterceptor<?, ?>
				|| interceptor instanceof ObservingBatchInterceptor<?, ?>
				|| interceptor instanceof OursFirstRecordInterceptor
				|| interceptor instanceof OursFirstBatchInterceptor;
	}

	/** The starter's record interceptor, then the one that was there. */
	private static final class OursFirstRecordInterceptor extends CompositeRecordInterceptor<Object, Object> {

		OursFirstRecordInterceptor(RecordInterceptor<Object, Object> ours, RecordInterceptor<Object, Object> existing) {
			super(ours, existing);
		}

	}

	/** The starter's batch interceptor, then the one that was there. */
	private static final class OursFirstBatchInterceptor extends CompositeBatchInterceptor<Object, Object> {

		OursFirstBatchInterceptor(BatchInterceptor<Object, Object> ours, BatchInterceptor<Object, Object> existing) {
			super(ours, existing);
		}

	}

}
