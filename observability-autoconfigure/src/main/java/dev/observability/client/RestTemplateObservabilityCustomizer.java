package dev.observability.client;

import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.web.client.RestTemplate;

/**
 * Installs the {@link HttpClientObservabilityInterceptor} first on every
 * {@code RestTemplate} built by Spring Boot's {@code RestTemplateBuilder}, and wraps its
 * URI template handler in a {@link UriTemplateCapture} so that the interceptor learns the
 * template of each call.
 */
public class RestTemplateObservabilityCustomizer implements RestTemplateCustomizer {

	private final HttpClientObservabilityInterceptor interceptor;

	/**
	 * Creates the customizer.
	 * @param interceptor the interceptor to install
	 */
	public RestTemplateObservabilityCustomizer(HttpClientObservabilityInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void customize(RestTemplate restTemplate) {
		if (!restTemplate.getInterceptors().contains(this.interceptor)) {
			restTemplate.getInterceptors().add(0, this.interceptor);
		}
		if (!(restTemplate.getUriTemplateHandler() instanceof UriTemplateCapture)) {
			restTemplate.setUriTemplateHandler(new UriTemplateCapture(restTemplate.getUriTemplateHandler()));
		}
	}

}
