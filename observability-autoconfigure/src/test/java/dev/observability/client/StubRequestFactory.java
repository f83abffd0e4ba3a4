package dev.observability.client;

import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

/**
 * Answers every request with an empty 200 without any network I/O.
 */
final class StubRequestFactory implements ClientHttpRequestFactory {

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		MockClientHttpRequest request = new MockClientHttpRequest(httpMethod, uri);
		request.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.OK));
		return request;
	}

}
