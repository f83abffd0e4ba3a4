package dev.observability.sample.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the {@code order-placed} records. Its log line carries the trace id of the
 * request that placed the order (the starter continues the producer's trace) and the MDC
 * fields {@code system}, {@code destination} and {@code group}.
 */
@Component
class OrderPlacedListener {

	private static final Logger logger = LoggerFactory.getLogger(OrderPlacedListener.class);

	@KafkaListener(topics = OrderEvents.ORDER_PLACED, groupId = "shop")
	void onOrderPlaced(ConsumerRecord<String, String> record) {
		logger.info("Order {} placed: {} (from {}, partition {}, offset {})", record.key(), record.value(),
				record.topic(), record.partition(), record.offset());
	}

}
