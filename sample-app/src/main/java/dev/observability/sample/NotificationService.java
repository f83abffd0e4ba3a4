package dev.observability.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Tells the customer about their order, after the response has gone out.
 */
@Service
class NotificationService {

	private static final Logger logger = LoggerFactory.getLogger(NotificationService.class);

	@Async("notificationExecutor")
	public void orderPlaced(long orderId, String item) {
		logger.info("Sent confirmation for order {} ({})", orderId, item);
	}

}
