package dev.observability.selfcheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * A span collector on a loopback port that speaks Zipkin's POST /api/v2/spans: it accepts
 * (202), refuses (503) or holds requests until released, and counts the spans it
 * accepted. Spans reach it through OpenTelemetry's real {@link ZipkinSpanExporter} with a
 * sender on the JDK's HTTP client.
 */
final class LoopbackZipkin implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile boolean refusing;

	private volatile CountDownLatch hold = new CountDownLatch(0);

	LoopbackZipkin() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/api/v2/spans", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		try {
			this.hold.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.refusing) {
			exchange.sendResponseHeaders(503, -1);
		}
		else {
			this.accepted.addAndGet(body.split("\"traceId\"", -1).length - 1);
			exchange.sendResponseHeaders(202, -1);
		}
		exchange.close();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v2/spans";
	}

	void refuse(boolean refusing) {
		this.refusing = refusing;
	}

	/** Holds every request until {@link #release()}. */
	void hold() {
		this.hold = new CountDownLatch(1);
	}

	void release() {
		this.hold.countDown();
	}

	int acceptedSpans() {
		return this.accepted.get();
	}

	int requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	/** An endpoint on a loopback port nobody listens on: connections are refused. */
	static String deadEndpoint() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort() + "/api/v2/spans";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** OpenTelemetry's Zipkin exporter, sending to the endpoint. */
	static SpanExporter exporter(String endpoint) {
		return ZipkinSpanExporter.builder().setSender(new JdkHttpSender(URI.create(endpoint))).build();
	}

	/** A Zipkin sender on the JDK's HTTP client: a non-2xx answer is an IOException. */
	private record JdkHttpSender(URI endpoint) implements BytesMessageSender {

		private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		@Override
		public Encoding encoding() {
			return Encoding.JSON;
		}

		@Override
		public int messageMaxBytes() {
			return 5 * 1024 * 1024;
		}

		@Override
		public int messageSizeInBytes(List<byte[]> encodedSpans) {
			return encoding().listSizeInBytes(encodedSpans);
		}

		@Override
		public int messageSizeInBytes(int encodedSizeInBytes) {
			return encoding().listSizeInBytes(encodedSizeInBytes);
		}

		@Override
		public void send(List<byte[]> encodedSpans) throws IOException {
			HttpRequest request = HttpRequest.newBuilder(this.endpoint)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(Encoding.JSON.encode(encodedSpans)))
				.build();
			HttpResponse<Void> response;
			try {
				response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			if (response.statusCode() / 100 != 2) {
				throw new IOException("Zipkin answered " + response.statusCode());
			}
		}

		@Override
		public void close() {
		}

	}

}
