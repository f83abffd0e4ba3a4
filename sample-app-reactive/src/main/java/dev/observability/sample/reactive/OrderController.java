package dev.observability.sample.reactive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
 * Orders: placing one (a price quote on {@link Schedulers#boundedElastic()}, then a stock
 * check through the inventory HTTP API), cancelling one (a conflict an exception handler
 * turns into 409), and an endpoint that fails with an error nothing handles.
 */
@RestController
@RequestMapping("/api")
class OrderController {

	private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	private final InventoryClient inventory;

	OrderController(InventoryClient inventory) {
		this.inventory = inventory;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Order> placeOrder(@RequestBody OrderRequest request) {
		int quantity = Math.max(1, request.quantity());
		logger.info("Order received for {} x {}", quantity, request.item());
		// The quote runs on a boundedElastic worker and the inventory call starts from
		// there: its log
		// lines and the client span belong to this request's trace.
		return Mono.just(request.item())
			.publishOn(Schedulers.boundedElastic())
			.map((item) -> quotePrice(item, quantity))
			.flatMap((cents) -> this.inventory.stock(request.item()))
			.map((stock) -> place(request.item(), quantity, stock));
	}

	private static long quotePrice(String item, int quantity) {
		long cents = 1999L * quantity;
		// The thread's name in full: the console pattern cuts it to its last 15
		// characters.
		logger.info("Price quoted for {} x {}: {} cents on {}", quantity, item, cents,
				Thread.currentThread().getName());
		return cents;
	}

	private Order place(String item, int quantity, int stock) {
		if (stock < quantity) {
			throw new OrderConflictException("only " + stock + " of " + quantity + " x " + item + " in stock");
		}
		Order order = new Order(this.ids.incrementAndGet(), item, quantity, "PLACED");
		this.orders.put(order.id(), order);
		logger.info("Placed order {} for {} x {}", order.id(), order.quantity(), order.item());
		return order;
	}

	@PostMapping("/orders/{id}/cancel")
	Mono<Order> cancel(@PathVariable long id) {
		Order order = this.orders.get(id);
		if (order == null || "CANCELLED".equals(order.status())) {
			return Mono.error(new OrderConflictException("order " + id + " cannot be cancelled"));
		}
		Order cancelled = new Order(order.id(), order.item(), order.quantity(), "CANCELLED");
		this.orders.put(id, cancelled);
		logger.info("Cancelled order {}", id);
		return Mono.just(cancelled);
	}

	@GetMapping("/boom")
	Mono<String> boom() {
		return Mono.error(new IllegalStateException("the warehouse is on fire"));
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
