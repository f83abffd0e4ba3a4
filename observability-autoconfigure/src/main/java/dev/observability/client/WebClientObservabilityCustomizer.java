package dev.observability.client;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Installs the {@link HttpClientObservabilityFilter} first on every
 * {@code WebClient.Builder} built by Spring Boot, HTTP interface clients' included, once
 * per builder.
 */
public class WebClientObservabilityCustomizer implements WebClientCustomizer {

	private final HttpClientObservabilityFilter filter;

	/**
	 * Creates the customizer.
	 * @param filter the filter to install
	 */
	public WebClientObservabilityCustomizer(HttpClientObservabilityFilter filter) {
		this.filter = filter;
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.filters((filters) -> {
			if (!filters.contains(this.filter)) {
				filters.add(0, this.filter);
			}
		});
	}

}
