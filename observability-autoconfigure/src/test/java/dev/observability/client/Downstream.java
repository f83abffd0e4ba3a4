package dev.observability.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real downstream service on a random loopback port: {@code /api/users/*} answers 200,
 * {@code /unavailable} 503, {@code /missing} 404, and {@code /stall} answers only when
 * the test is over, long past any client's read timeout. It keeps the {@code traceparent}
 * header of every request.
 */
final class Downstream implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(16);

	private final CountDownLatch released = new CountDownLatch(1);

	final Queue<String> traceparents = new ConcurrentLinkedQueue<>();

	Downstream() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** A loopback port nothing listens on. */
	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
		if (traceparent != null) {
			this.traceparents.add(traceparent);
		}
		String path = exchange.getRequestURI().getPath();
		if (path.equals("/stall")) {
			try {
				this.released.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		int status = switch (path) {
			case "/unavailable" -> 503;
			case "/missing" -> 404;
			default -> 200;
		};
		byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/plain");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.released.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
