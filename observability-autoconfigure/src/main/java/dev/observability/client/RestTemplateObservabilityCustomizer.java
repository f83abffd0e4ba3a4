package dev.observability.client;

import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.web.client.RestTemplate;

/**
 * Measures and traces the calls of every {@code RestTemplate} built by Spring Boot's
 * {@code RestTemplateBuilder}: see {@link HttpClientObservation#applyTo(RestTemplate)}.
 */
public class RestTemplateObservabilityCustomizer implements RestTemplateCustomizer {

	private final HttpClientObservation observation;

	/**
	 * Creates the customizer.
	 * @param observation how calls reach the starter
	 */
	public RestTemplateObservabilityCustomizer(HttpClientObservation observation) {
		this.observation = observation;
	}

	@Override
	public void customize(RestTemplate restTemplate) {
		this.observation.applyTo(restTemplate);
	}

}
