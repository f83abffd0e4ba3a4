package dev.observability.sample.reactive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls the inventory HTTP API through a {@link WebClient} built from Boot's
 * {@link WebClient.Builder}, so the call is traced as a client span and carries the
 * request's trace context. The target is {@code shop.inventory.base-url} when set;
 * otherwise this application itself, at the port it actually bound (random in tests).
 */
@Component
class InventoryClient implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(InventoryClient.class);

	private final WebClient.Builder builder;

	private volatile WebClient client;

	InventoryClient(WebClient.Builder builder, @Value("${shop.inventory.base-url:}") String baseUrl) {
		this.builder = builder;
		this.client = baseUrl.isEmpty() ? null : builder.baseUrl(baseUrl).build();
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// The application's own server, not a separate management server.
		if (this.client == null && event.getApplicationContext().getServerNamespace() == null) {
			this.client = this.builder.clone().baseUrl("http://127.0.0.1:" + event.getWebServer().getPort()).build();
		}
	}

	/**
	 * How many of an item are in stock.
	 * @param item the item
	 * @return the stock level
	 */
	Mono<Integer> stock(String item) {
		WebClient current = this.client;
		if (current == null) {
			return Mono
				.error(new IllegalStateException("The server has not started and shop.inventory.base-url is not set"));
		}
		return current.get()
			.uri("/api/inventory/{item}", item)
			.retrieve()
			.bodyToMono(InventoryController.StockLevel.class)
			.map((level) -> {
				logger.info("Inventory answered: {} x {} in stock", level.stock(), item);
				return level.stock();
			});
	}

}
