package dev.observability.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A plain HTTP client for tests against a server on 127.0.0.1.
 */
final class TestHttp {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	TestHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path) {
		return send("GET", path, Map.of());
	}

	HttpResponse<String> get(String path, Map<String, String> headers) {
		return send("GET", path, headers);
	}

	HttpResponse<String> send(String method, String path, Map<String, String> headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::header);
		try {
			return this.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
