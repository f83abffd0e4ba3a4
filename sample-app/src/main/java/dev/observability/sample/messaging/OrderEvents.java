package dev.observability.sample.messaging;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes an {@code order-placed} record for each order: the order id as the key, what
 * was ordered as the value. The send is asynchronous; a failure is logged (and counted by
 * the starter as a failed publish), the order stands.
 */
@Component
public class OrderEvents implements SmartInitializingSingleton {

	/** The topic of placed orders. */
	public static final String ORDER_PLACED = "order-placed";

	private static final Logger logger = LoggerFactory.getLogger(OrderEvents.class);

	private final KafkaTemplate<String, String> kafka;

	OrderEvents(KafkaTemplate<String, String> kafka) {
		this.kafka = kafka;
	}

	/**
	 * Creates the producer at startup rather than in the first order's request: its
	 * network and metrics threads belong to the application's background threads, and the
	 * first order does not wait for them. It connects to the broker on the first send.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		try (Producer<String, String> producer = this.kafka.getProducerFactory().createProducer()) {
			logger.debug("Kafka producer ready: {}", producer);
		}
	}

	/**
	 * Publishes that an order was placed.
	 * @param orderId the order's id
	 * @param quantity how many
	 * @param item what
	 */
	public void orderPlaced(long orderId, int quantity, String item) {
		try {
			this.kafka.send(ORDER_PLACED, Long.toString(orderId), quantity + " x " + item)
				.whenComplete((result, failure) -> {
					if (failure != null) {
						notPublished(orderId, failure);
					}
				});
		}
		catch (KafkaException | org.apache.kafka.common.KafkaException ex) {
			// No metadata within max.block.ms: the broker cannot be reached. The order
			// stands; the failed publish is counted by the starter.
			notPublished(orderId, ex);
		}
	}

	private static void notPublished(long orderId, Throwable failure) {
		logger.warn("Order {} could not be published to {}: {}", orderId, ORDER_PLACED, failure.getMessage());
	}

}
