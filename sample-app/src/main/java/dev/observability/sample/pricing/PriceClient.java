package dev.observability.sample.pricing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the pricing API for a quote through a {@code RestClient} built from Boot's
 * {@code RestClient.Builder}, by URI template, so that the starter measures every call as
 * {@code http_client_requests_total{route="/api/prices/{item}"}} and sends the caller's
 * trace with it. The target is {@code shop.pricing.base-url} when set; otherwise this
 * application's own HTTP server, at the port it actually bound (random in tests).
 */
@Component
public class PriceClient implements ApplicationListener<WebServerInitializedEvent> {

	private final RestClient.Builder builder;

	private final String baseUrl;

	private volatile RestClient client;

	PriceClient(RestClient.Builder builder, @Value("${shop.pricing.base-url:}") String baseUrl) {
		this.builder = builder;
		this.baseUrl = baseUrl;
		if (!baseUrl.isEmpty()) {
			this.client = builder.clone().baseUrl(baseUrl).build();
		}
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// The management server, when it has a port of its own, has a namespace.
		if (this.baseUrl.isEmpty() && this.client == null
				&& event.getApplicationContext().getServerNamespace() == null) {
			this.client = this.builder.clone().baseUrl("http://127.0.0.1:" + event.getWebServer().getPort()).build();
		}
	}

	/**
	 * Quotes the price of an order line.
	 * @param item the item
	 * @param quantity how many
	 * @return the price in cents
	 */
	public long quote(String item, int quantity) {
		RestClient current = this.client;
		if (current == null) {
			throw new IllegalStateException("The HTTP server has not started and shop.pricing.base-url is not set");
		}
		PricingController.Quote quote = current.get()
			.uri("/api/prices/{item}?quantity={quantity}", item, quantity)
			.retrieve()
			.body(PricingController.Quote.class);
		return (quote != null) ? quote.cents() : 0;
	}

}
