package dev.observability.sample.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes an {@code order-placed} record for each order: the order id as the key, what
 * was ordered as the value. The send is asynchronous; a failure is logged (and counted by
 * the starter as a failed publish).
 */
@Component
public class OrderEvents {

	/** The topic of placed orders. */
	public static final String ORDER_PLACED = "order-placed";

	private static final Logger logger = LoggerFactory.getLogger(OrderEvents.class);

	private final KafkaTemplate<String, String> kafka;

	OrderEvents(KafkaTemplate<String, String> kafka) {
		this.kafka = kafka;
	}

	/**
	 * Publishes that an order was placed.
	 * @param orderId the order's id
	 * @param quantity how many
	 * @param item what
	 */
	public void orderPlaced(long orderId, int quantity, String item) {
		this.kafka.send(ORDER_PLACED, Long.toString(orderId), quantity + " x " + item)
			.whenComplete((result, failure) -> {
				if (failure != null) {
					logger.warn("Order {} could not be published to {}: {}", orderId, ORDER_PLACED,
							failure.getMessage());
				}
			});
	}

}
