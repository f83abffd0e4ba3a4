package dev.observability.sample;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
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

	private final Tracer tracer;

	NotificationService(Tracer tracer) {
		this.tracer = tracer;
	}

	@Async("notificationExecutor")
	@SuppressWarnings("try") // the scope is held for its effect (the span current on this
								// thread), not read
	public void orderPlaced(long orderId, String item) {
		// The request's span was carried to this thread by the starter: this span is its
		// child.
		Span span = this.tracer.nextSpan().name("send order confirmation").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			logger.info("Sent confirmation for order {} ({})", orderId, item);
		}
		finally {
			span.end();
		}
	}

}
