package dev.observability.client;

import java.io.IOException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.ResourceAccessException;

/**
 * Records a RestClient or RestTemplate call from the observation Spring Framework creates
 * for it: starts the call (labels, client span, trace headers) when the observation
 * starts and records it when the observation stops. Reading the call from the context
 * Spring builds anyway costs less than wrapping the request in an interceptor chain.
 */
class CallRecordingObservationHandler implements ObservationHandler<ClientRequestObservationContext> {

	/**
	 * The {@code exception} label of a 4xx response: what RestClient and RestTemplate
	 * raise for it.
	 */
	static final String CLIENT_ERROR = "HttpClientErrorException";

	/** The {@code exception} label of a 5xx response. */
	static final String SERVER_ERROR = "HttpServerErrorException";

	private final HttpClientCallRecorder recorder;

	CallRecordingObservationHandler(HttpClientCallRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public void onStart(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		if (request != null) {
			context.put(HttpClientCallRecorder.Call.class, this.recorder.start(request.getMethod().name(),
					request.getURI(), context.getUriTemplate(), request.getHeaders()));
		}
	}

	@Override
	public void onStop(ClientRequestObservationContext context) {
		HttpClientCallRecorder.Call call = context.get(HttpClientCallRecorder.Call.class);
		if (call == null) {
			return;
		}
		ClientHttpResponse response = context.getResponse();
		if (response != null) {
			int status;
			try {
				status = response.getStatusCode().value();
			}
			catch (IOException | RuntimeException ex) {
				call.failed(ex);
				return;
			}
			call.responded(status, (status >= 500) ? SERVER_ERROR : CLIENT_ERROR);
			return;
		}
		Throwable error = context.getError();
		if (error != null) {
			call.failed(cause(error));
		}
		else {
			call.cancelled();
		}
	}

	/**
	 * The I/O failure itself rather than Spring's {@link ResourceAccessException} around
	 * it, so that a refused connection and a timeout keep their own exception label and
	 * code.
	 */
	private static Throwable cause(Throwable error) {
		@Nullable Throwable cause = error.getCause();
		return (error instanceof ResourceAccessException && cause instanceof IOException) ? cause : error;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

}
