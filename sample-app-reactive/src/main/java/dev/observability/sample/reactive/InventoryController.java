package dev.observability.sample.reactive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's inventory HTTP API: how many of an item are in stock. The order flow calls
 * it over HTTP through a
 * {@link org.springframework.web.reactive.function.client.WebClient}, as it would call
 * another service.
 */
@RestController
@RequestMapping("/api/inventory")
class InventoryController {

	/** Stock every item starts with. */
	static final int INITIAL_STOCK = 1_000;

	private static final Logger logger = LoggerFactory.getLogger(InventoryController.class);

	private final Map<String, Integer> stock = new ConcurrentHashMap<>();

	@GetMapping("/{item}")
	Mono<StockLevel> stock(@PathVariable String item) {
		int level = this.stock.getOrDefault(item, INITIAL_STOCK);
		logger.info("Stock of {}: {}", item, level);
		return Mono.just(new StockLevel(item, level));
	}

	record StockLevel(String item, int stock) {
	}

}
