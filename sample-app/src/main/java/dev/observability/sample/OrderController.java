package dev.observability.sample;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import dev.observability.sample.inventory.InventoryClient;
import dev.observability.sample.messaging.OrderEvents;
import dev.observability.sample.pricing.PriceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders: placing one (with a stock check and a price quote, asked of the pricing API
 * over HTTP, fanned out on the shop's executor, an asynchronous confirmation and an
 * {@code order-placed} Kafka record), cancelling one (a conflict an exception handler
 * turns into 409), and an endpoint that fails with an uncaught exception.
 */
@RestController
@RequestMapping("/api")
class OrderController {

	private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	private final NotificationService notifications;

	private final ExecutorService fanOutExecutor;

	OrderController(NotificationService notifications, ExecutorService fanOutExecutor) {
		this.notifications = notifications;
		this.fanOutExecutor = fanOutExecutor;
	}

	// --- gRPC (issue 6): the inventory service is called through a gRPC client channel.
	// ---

	private InventoryClient inventory;

	@Autowired
	void setInventoryClient(InventoryClient inventory) {
		this.inventory = inventory;
	}

	// --- end gRPC ---

	// --- Outbound HTTP (issue 18): the price comes from the pricing API over HTTP. ---

	private PriceClient prices;

	@Autowired
	void setPriceClient(PriceClient prices) {
		this.prices = prices;
	}

	// --- end outbound HTTP ---

	// --- Kafka (issue 19): each order placed is published as an order-placed record. ---

	private OrderEvents orderEvents;

	@Autowired
	void setOrderEvents(OrderEvents orderEvents) {
		this.orderEvents = orderEvents;
	}

	// --- end Kafka ---

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order placeOrder(@RequestBody OrderRequest request) {
		int quantity = Math.max(1, request.quantity());
		// Both checks run on the fan-out executor; their log lines carry this request's
		// trace id.
		CompletableFuture<Boolean> inStock = CompletableFuture.supplyAsync(() -> checkStock(request.item(), quantity),
				this.fanOutExecutor);
		CompletableFuture<Long> price = CompletableFuture.supplyAsync(() -> quotePrice(request.item(), quantity),
				this.fanOutExecutor);
		CompletableFuture.allOf(inStock, price).join();
		// gRPC (issue 6): reserve the stock through the inventory gRPC service; same
		// trace as this request.
		this.inventory.reserve(request.item(), quantity);
		Order order = new Order(this.ids.incrementAndGet(), request.item(), quantity, "PLACED");
		this.orders.put(order.id(), order);
		logger.info("Placed order {} for {} x {}", order.id(), order.quantity(), order.item());
		this.notifications.orderPlaced(order.id(), order.item());
		// Kafka (issue 19): the record carries this request's trace to the listener.
		this.orderEvents.orderPlaced(order.id(), order.quantity(), order.item());
		return order;
	}

	private static boolean checkStock(String item, int quantity) {
		logger.info("Stock checked for {} x {}", quantity, item);
		return true;
	}

	private long quotePrice(String item, int quantity) {
		long cents = this.prices.quote(item, quantity);
		logger.info("Price quoted for {} x {}: {} cents", quantity, item, cents);
		return cents;
	}

	@PostMapping("/orders/{id}/cancel")
	Order cancel(@PathVariable long id) {
		Order order = this.orders.get(id);
		if (order == null || "SHIPPED".equals(order.status()) || "CANCELLED".equals(order.status())) {
			throw new OrderConflictException("order " + id + " cannot be cancelled");
		}
		Order cancelled = new Order(order.id(), order.item(), order.quantity(), "CANCELLED");
		this.orders.put(id, cancelled);
		return cancelled;
	}

	@GetMapping("/boom")
	String boom() {
		throw new IllegalStateException("the warehouse is on fire");
	}

	@ExceptionHandler(OrderConflictException.class)
	ResponseEntity<Map<String, String>> conflict(OrderConflictException ex) {
		logger.info("Conflict: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", ex.getMessage()));
	}

	record OrderRequest(String item, int quantity) {
	}

	record Order(long id, String item, int quantity, String status) {
	}

	static class OrderConflictException extends RuntimeException {

		OrderConflictException(String message) {
			super(message);
		}

	}

}
