package dev.observability.client;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Installs the {@link HttpClientObservabilityInterceptor} first on every
 * {@code RestClient.Builder} built by Spring Boot, HTTP interface clients' included, once
 * per builder.
 */
public class RestClientObservabilityCustomizer implements RestClientCustomizer {

	private final HttpClientObservabilityInterceptor interceptor;

	/**
	 * Creates the customizer.
	 * @param interceptor the interceptor to install
	 */
	public RestClientObservabilityCustomizer(HttpClientObservabilityInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void customize(RestClient.Builder builder) {
		builder.requestInterceptors((interceptors) -> {
			if (!interceptors.contains(this.interceptor)) {
				interceptors.add(0, this.interceptor);
			}
		});
	}

}
