package dev.observability.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A plain HTTP client for tests against a server on 127.0.0.1, with or without basic auth. It
 * follows no redirects and keeps no cookies.
 */
final class TestHttp {

	private static final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final int port;

	TestHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path) {
		return send(path, null);
	}

	HttpResponse<String> get(String path, String username, String password) {
		String credentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return send(path, "Basic " + credentials);
	}

	HttpResponse<String> send(String path, String authorization) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET();
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		try {
			return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
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
