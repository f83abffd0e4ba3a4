package dev.observability.client;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * Measures, traces and counts the errors of each call of a {@code RestClient} or a
 * {@code RestTemplate}. Installed first, so that its latency and span cover the other
 * interceptors.
 * <p>
 * The route is the URI template the caller used: RestClient leaves it in a request
 * attribute, RestTemplate hands it to {@link UriTemplateCapture} just before the call.
 */
public class HttpClientObservabilityInterceptor implements ClientHttpRequestInterceptor, Ordered {

	/**
	 * Where RestClient keeps the URI template of a request (its own, package-private,
	 * name).
	 */
	static final String REST_CLIENT_URI_TEMPLATE = RestClient.class.getName() + ".uriTemplate";

	/**
	 * The {@code exception} label of a 4xx response: what RestClient and RestTemplate
	 * raise for it.
	 */
	static final String CLIENT_ERROR = "HttpClientErrorException";

	/** The {@code exception} label of a 5xx response. */
	static final String SERVER_ERROR = "HttpServerErrorException";

	private final HttpClientCallRecorder recorder;

	/**
	 * Creates the interceptor.
	 * @param recorder records each call
	 */
	public HttpClientObservabilityInterceptor(HttpClientCallRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		HttpClientCallRecorder.Call call = this.recorder.start(request.getMethod().name(), request.getURI(),
				uriTemplate(request), request.getHeaders());
		ClientHttpResponse response;
		int status;
		try {
			response = execution.execute(request, body);
			status = response.getStatusCode().value();
		}
		catch (IOException | RuntimeException | Error ex) {
			call.failed(ex);
			throw ex;
		}
		call.responded(status, (status >= 500) ? SERVER_ERROR : CLIENT_ERROR);
		return response;
	}

	private static @Nullable String uriTemplate(HttpRequest request) {
		Object template = request.getAttributes().get(REST_CLIENT_URI_TEMPLATE);
		if (template instanceof String text) {
			return text;
		}
		return UriTemplateCapture.take(request.getURI());
	}

}
