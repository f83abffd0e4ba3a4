package dev.observability.naming;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.function.SingletonSupplier;

/**
 * Keeps the Kafka client meters measured in milliseconds and nanoseconds
 * ({@code kafka.producer.io.time.ns.total}, {@code kafka.app.info.start.time.ms}, …),
 * which {@link FrameworkMeterCorrections} keeps out of the registry under their names, in
 * the scrape in seconds: every {@link DefaultKafkaProducerFactory} and
 * {@link DefaultKafkaConsumerFactory} whose clients Micrometer's listener binds (Spring
 * Boot's Kafka metrics) gets a second such listener bound to {@link MetersInSeconds},
 * with the same {@code spring.id} tag. It refreshes on one shared thread.
 */
public class KafkaClientMetersInSeconds implements BeanPostProcessor, DisposableBean {

	private final SingletonSupplier<MetersInSeconds> meters;

	private final SingletonSupplier<ThreadPoolTaskScheduler> scheduler = SingletonSupplier.of(() -> {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("kafka-meters-in-seconds-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	});

	private volatile boolean schedulerStarted;

	/**
	 * Creates the post-processor.
	 * @param registry the application's registry, looked up when the first factory is
	 * seen
	 */
	public KafkaClientMetersInSeconds(Supplier<MeterRegistry> registry) {
		this.meters = SingletonSupplier.of(() -> new MetersInSeconds(registry.get()));
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultKafkaProducerFactory<?, ?> factory) {
			addTo(factory);
		}
		else if (bean instanceof DefaultKafkaConsumerFactory<?, ?> factory) {
			addTo(factory);
		}
		return bean;
	}

	/**
	 * Adds the seconds listener to a producer factory whose clients Micrometer's listener
	 * binds, once.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param factory the factory
	 */
	public <K, V> void addTo(DefaultKafkaProducerFactory<K, V> factory) {
		if (factory.getListeners().stream().anyMatch(ProducerListener.class::isInstance)
				|| factory.getListeners().stream().noneMatch(MicrometerProducerListener.class::isInstance)) {
			return;
		}
		factory.addListener(new ProducerListener<>(this.meters.obtain().registry(), scheduler()));
	}

	/**
	 * Adds the seconds listener to a consumer factory whose clients Micrometer's listener
	 * binds, once.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param factory the factory
	 */
	public <K, V> void addTo(DefaultKafkaConsumerFactory<K, V> factory) {
		if (factory.getListeners().stream().anyMatch(ConsumerListener.class::isInstance)
				|| factory.getListeners().stream().noneMatch(MicrometerConsumerListener.class::isInstance)) {
			return;
		}
		factory.addListener(new ConsumerListener<>(this.meters.obtain().registry(), scheduler()));
	}

	private ThreadPoolTaskScheduler scheduler() {
		this.schedulerStarted = true;
		return this.scheduler.obtain();
	}

	@Override
	public void destroy() {
		if (this.schedulerStarted) {
			this.scheduler.obtain().shutdown();
		}
	}

	/** Micrometer's producer listener, bound to the registry that converts. */
	private static final class ProducerListener<K, V> extends MicrometerProducerListener<K, V> {

		ProducerListener(MeterRegistry registry, ThreadPoolTaskScheduler scheduler) {
			super(registry, scheduler);
		}

	}

	/** Micrometer's consumer listener, bound to the registry that converts. */
	private static final class ConsumerListener<K, V> extends MicrometerConsumerListener<K, V> {

		ConsumerListener(MeterRegistry registry, ThreadPoolTaskScheduler scheduler) {
			super(registry, scheduler);
		}

	}

}
