package dev.observability.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A plain HTTP client for tests against a server on 127.0.0.1, with or without basic
 * auth. It follows no redirects and keeps no cookies. Against Reactor Netty it sends each
 * request on a connection of its own: Reactor Netty 1.3.6 now and then stops reading a
 * kept-alive connection after an answer that completed at once (a 401, a 400 of Spring
 * Security's firewall), with or without the starter (reactor/reactor-netty#4361), and the
 * next request then waits for nothing.
 */
final class TestHttp {

	private static final HttpClient shared = newClient();

	private final int port;

	private final boolean connectionPerRequest;

	TestHttp(int port) {
		this(port, false);
	}

	TestHttp(int port, boolean connectionPerRequest) {
		this.port = port;
		this.connectionPerRequest = connectionPerRequest;
	}

	private static HttpClient newClient() {
		return HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	HttpResponse<String> get(String path) {
		return send(path, null);
	}

	HttpResponse<String> get(String path, String username, String password) {
		return send(path, basic(username, password));
	}

	/**
	 * An anonymous GET written byte for byte on a connection of its own, so the path
	 * reaches the server exactly as given (no client normalizes it) and no earlier answer
	 * shares the connection.
	 * @param path the path, as it goes on the wire
	 * @return the status code and the body (chunked bodies are left as sent)
	 */
	RawResponse rawGet(String path) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			in.transferTo(received);
			String answer = received.toString(StandardCharsets.UTF_8);
			int headersEnd = answer.indexOf("\r\n\r\n");
			int status = Integer.parseInt(answer.substring(9, 12));
			return new RawResponse(status, (headersEnd < 0) ? "" : answer.substring(headersEnd + 4));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A POST of a JSON body, anonymous or with basic auth.
	 * @param path the path
	 * @param json the body
	 * @param credentials none, or user name and password
	 * @return the answer
	 */
	HttpResponse<String> post(String path, String json, String... credentials) {
		String authorization = (credentials.length == 2) ? basic(credentials[0], credentials[1]) : null;
		return send("POST", path, json, authorization);
	}

	private static String basic(String username, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	HttpResponse<String> send(String path, String authorization) {
		return send("GET", path, null, authorization);
	}

	private HttpResponse<String> send(String method, String path, String json, String authorization) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (json != null) {
			builder.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		HttpClient client = this.connectionPerRequest ? newClient() : shared;
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

	/**
	 * The answer to {@link #rawGet(String)}.
	 *
	 * @param statusCode the status code
	 * @param body the body
	 */
	record RawResponse(int statusCode, String body) {
	}

}
