package dev.observability.client;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Measures and traces the calls of every {@code RestClient} built by Spring Boot, HTTP
 * interface clients' included: see
 * {@link HttpClientObservation#applyTo(RestClient.Builder)}.
 */
public class RestClientObservabilityCustomizer implements RestClientCustomizer {

	private final HttpClientObservation observation;

	/**
	 * Creates the customizer.
	 * @param observation how calls reach the starter
	 */
	public RestClientObservabilityCustomizer(HttpClientObservation observation) {
		this.observation = observation;
	}

	@Override
	public void customize(RestClient.Builder builder) {
		this.observation.applyTo(builder);
	}

}
