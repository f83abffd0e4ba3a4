package dev.observability.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Measures, traces and counts the errors of each {@code WebClient} exchange, once per
 * subscription, whatever ends it: a response, an error or a cancel. Nothing is put in the
 * MDC or in the Reactor context, so the caller's context is what the rest of the chain
 * sees.
 */
public class HttpClientObservabilityFilter implements ExchangeFilterFunction {

	/**
	 * Where WebClient keeps the URI template of a request (its own, package-private,
	 * name).
	 */
	static final String WEB_CLIENT_URI_TEMPLATE = WebClient.class.getName() + ".uriTemplate";

	/**
	 * The {@code exception} label of an error response: what WebClient's retrieve raises
	 * for it.
	 */
	static final String RESPONSE_ERROR = "WebClientResponseException";

	private final HttpClientCallRecorder recorder;

	/**
	 * Creates the filter.
	 * @param recorder records each exchange
	 */
	public HttpClientObservabilityFilter(HttpClientCallRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> exchange(request, next));
	}

	private Mono<ClientResponse> exchange(ClientRequest request, ExchangeFunction next) {
		ClientRequest.Builder traced = ClientRequest.from(request);
		HttpClientCallRecorder.Call[] started = new HttpClientCallRecorder.Call[1];
		traced.headers((headers) -> started[0] = this.recorder.start(request.method().name(), request.url(),
				uriTemplate(request), headers));
		ClientRequest tracedRequest = traced.build();
		HttpClientCallRecorder.Call call = started[0];
		return next.exchange(tracedRequest)
			.doOnNext((response) -> call.responded(response.statusCode().value(), RESPONSE_ERROR))
			.doOnError(call::failed)
			.doOnCancel(call::cancelled);
	}

	private static @Nullable String uriTemplate(ClientRequest request) {
		Optional<Object> template = request.attribute(WEB_CLIENT_URI_TEMPLATE);
		return (template.isPresent() && template.get() instanceof String text) ? text : null;
	}

}
