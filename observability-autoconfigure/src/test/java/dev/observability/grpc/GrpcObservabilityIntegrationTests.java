package dev.observability.grpc;

import java.net.ServerSocket;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.grpc.testapp.EchoGrpc;
import dev.observability.grpc.testapp.GrpcTestApplication;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The interceptors in a real Spring gRPC application on Netty, called over a loopback
 * port through a channel from Spring gRPC's channel factory.
 */
class GrpcObservabilityIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static MeterRegistry registry;

	private static ManagedChannel channel;

	private static int port;

	@BeforeAll
	static void startApplication() {
		context = new SpringApplicationBuilder(GrpcTestApplication.class).web(WebApplicationType.NONE)
			.properties(loopbackAddress(), "spring.grpc.server.port=0", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.run();
		registry = context.getBean(MeterRegistry.class);
		port = context.getBean(GrpcServerLifecycle.class).getPort();
		channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
	}

	/**
	 * Spring gRPC 1.0 (Boot 4.0) calls the bind address {@code host}; Boot 4.1's own gRPC
	 * support calls it {@code address}, a host only.
	 */
	private static String loopbackAddress() {
		return SpringBootVersion.getVersion().startsWith("4.0.") ? "spring.grpc.server.host=127.0.0.1"
				: "spring.grpc.server.address=127.0.0.1";
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@BeforeEach
	void clearSpans() {
		GrpcTestApplication.SPANS.reset();
	}

	@Test
	void okCallIsCountedOnServerAndClientWithTheSameLabels() {
		double server = serverCount("Unary", "OK");
		double client = clientCount("Unary", "OK");
		assertThat(unary("ok")).isEqualTo("ok");
		assertThat(clientCount("Unary", "OK")).isEqualTo(client + 1);
		awaitServerCount("Unary", "OK", server + 1);
		Timer duration = registry.find(GrpcCallMetrics.SERVER_DURATION)
			.tags("service", EchoGrpc.SERVICE, "method", "Unary", "code", "OK")
			.timer();
		assertThat(duration).isNotNull();
		assertThat(duration.count()).isEqualTo((long) serverCount("Unary", "OK"));
	}

	@Test
	void handlerMappedExceptionIsRecordedWithTheHandlersStatusAndCountedAsHandled() {
		double server = serverCount("Unary", "INVALID_ARGUMENT");
		double handled = errorCount("handled", "INVALID_ARGUMENT", "IllegalArgumentException");
		double unknown = serverCount("Unary", "UNKNOWN");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("invalid"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		awaitServerCount("Unary", "INVALID_ARGUMENT", server + 1);
		assertThat(errorCount("handled", "INVALID_ARGUMENT", "IllegalArgumentException")).isEqualTo(handled + 1);
		assertThat(serverCount("Unary", "UNKNOWN")).isEqualTo(unknown);
		// A client error is not a server failure: the span status stays unset.
		SpanData span = awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().asMap().toString()).contains("rpc.grpc.status_code=3");
	}

	@Test
	void handledErrorIsCountedWithTheStatusTheHandlerChoseNotTheClassifiersCode() {
		double server = serverCount("Unary", "FAILED_PRECONDITION");
		double handled = errorCount("handled", "FAILED_PRECONDITION", "OutOfStockException");
		double unknown = errorCount("handled", "UNKNOWN", "OutOfStockException");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("out-of-stock"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
		awaitServerCount("Unary", "FAILED_PRECONDITION", server + 1);
		assertThat(errorCount("handled", "FAILED_PRECONDITION", "OutOfStockException")).isEqualTo(handled + 1);
		assertThat(errorCount("handled", "UNKNOWN", "OutOfStockException")).isEqualTo(unknown);
	}

	@Test
	void clientCallEndingNonOkIsCountedOnceAsAClientErrorWithItsStatus() {
		double clientErrors = clientErrorCount("INVALID_ARGUMENT");
		double clientOkErrors = clientErrorCount("OK");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("invalid"));
		assertThat(unary("ok")).isEqualTo("ok");
		assertThat(clientErrorCount("INVALID_ARGUMENT")).isEqualTo(clientErrors + 1);
		assertThat(clientErrorCount("OK")).isEqualTo(clientOkErrors).isZero();
	}

	@Test
	void applicationExceptionHandlerRunsInsideTheInterceptorWithTheCallsMdc() {
		GrpcTestApplication.HANDLER_MDC.set(null);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("invalid"));
		String mdc = GrpcTestApplication.HANDLER_MDC.get();
		assertThat(mdc).startsWith("test.Echo|Unary|").doesNotEndWith("null");
	}

	@Test
	void uncaughtExceptionIsClassifiedCountedAsPanicAndClosedWithASafeDescription() {
		double server = serverCount("Unary", "DEADLINE_EXCEEDED");
		double panics = errorCount("panic", "DEADLINE_EXCEEDED", "SocketTimeoutException");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("timeout")).satisfies((ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			assertThat(ex.getStatus().getDescription()).isEqualTo(GrpcServerErrors.SAFE_DESCRIPTION);
		});
		awaitServerCount("Unary", "DEADLINE_EXCEEDED", server + 1);
		assertThat(errorCount("panic", "DEADLINE_EXCEEDED", "SocketTimeoutException")).isEqualTo(panics + 1);
		SpanData span = awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void unclassifiedPanicIsUnknownAndItsMessageNeverReachesTheClient() {
		double panics = errorCount("panic", "UNKNOWN", "IllegalStateException");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("boom")).satisfies((ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
			assertThat(ex.getMessage()).doesNotContain("secret internal detail");
		});
		await().untilAsserted(
				() -> assertThat(errorCount("panic", "UNKNOWN", "IllegalStateException")).isEqualTo(panics + 1));
	}

	@Test
	void thrownStatusKeepsItsCodeAndDescription() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> unary("not-found"))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription()).isEqualTo("no such item"));
		awaitServerCount("Unary", "NOT_FOUND", 1);
	}

	@Test
	void clientDeadlineIsRecordedAsDeadlineExceededOnTheClient() {
		double client = clientCount("Unary", "DEADLINE_EXCEEDED");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> ClientCalls.blockingUnaryCall(channel, EchoGrpc.UNARY,
					CallOptions.DEFAULT.withDeadlineAfter(100, TimeUnit.MILLISECONDS), "until-cancelled"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		assertThat(clientCount("Unary", "DEADLINE_EXCEEDED")).isEqualTo(client + 1);
		SpanData span = awaitSpan(SpanKind.CLIENT, "test.Echo/Unary");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		// The server saw the client go away; what it records is what the client was told.
		await().untilAsserted(
				() -> assertThat(serverCount("Unary", "CANCELLED") + serverCount("Unary", "DEADLINE_EXCEEDED"))
					.isPositive());
	}

	@Test
	void unavailableServerIsRecordedAsUnavailableOnTheClient() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ManagedChannel nowhere = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + closedPort);
		try {
			double client = clientCount("Unary", "UNAVAILABLE");
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> ClientCalls.blockingUnaryCall(nowhere, EchoGrpc.UNARY, CallOptions.DEFAULT, "ok"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			assertThat(clientCount("Unary", "UNAVAILABLE")).isEqualTo(client + 1);
		}
		finally {
			nowhere.shutdownNow();
		}
	}

	@Test
	void cancelledStreamIsRecordedAsCancelledOnBothSides() {
		double server = serverCount("ServerStream", "CANCELLED");
		double client = clientCount("ServerStream", "CANCELLED");
		ClientCall<String, String> call = channel.newCall(EchoGrpc.SERVER_STREAM, CallOptions.DEFAULT);
		Iterator<String> ticks = ClientCalls.blockingServerStreamingCall(call, "forever");
		assertThat(ticks.next()).isEqualTo("tick");
		call.cancel("enough", null);
		// The blocking iterator delivers the close only when it is read.
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> {
			while (ticks.hasNext()) {
				ticks.next();
			}
		}).satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
		assertThat(clientCount("ServerStream", "CANCELLED")).isEqualTo(client + 1);
		awaitServerCount("ServerStream", "CANCELLED", server + 1);
	}

	@Test
	void everyCallTypeIsMeasuredAndHasTheMdcInItsHandler() throws Exception {
		Iterator<String> streamed = ClientCalls.blockingServerStreamingCall(channel, EchoGrpc.SERVER_STREAM,
				CallOptions.DEFAULT, "3");
		int count = 0;
		while (streamed.hasNext()) {
			assertThat(streamed.next()).startsWith("test.Echo|ServerStream|").doesNotEndWith("null");
			count++;
		}
		assertThat(count).isEqualTo(3);

		Collector clientStream = new Collector();
		StreamObserver<String> requests = ClientCalls
			.asyncClientStreamingCall(channel.newCall(EchoGrpc.CLIENT_STREAM, CallOptions.DEFAULT), clientStream);
		requests.onNext("a");
		requests.onNext("b");
		requests.onCompleted();
		assertThat(clientStream.await()).containsExactly("ab|test.Echo|ClientStream|" + traceIdOf(clientStream));

		Collector bidi = new Collector();
		StreamObserver<String> bidiRequests = ClientCalls
			.asyncBidiStreamingCall(channel.newCall(EchoGrpc.BIDI, CallOptions.DEFAULT), bidi);
		bidiRequests.onNext("x");
		bidiRequests.onNext("y");
		bidiRequests.onCompleted();
		List<String> answers = bidi.await();
		assertThat(answers).hasSize(2);
		assertThat(answers.get(0)).startsWith("x|test.Echo|Bidi|").doesNotEndWith("null");

		awaitServerCount("ServerStream", "OK", 1);
		awaitServerCount("ClientStream", "OK", 1);
		awaitServerCount("Bidi", "OK", 1);
		assertThat(clientCount("Bidi", "OK")).isPositive();
	}

	@Test
	void mdcInUnaryHandlerCarriesServiceMethodAndTraceId() {
		String mdc = unary("mdc");
		assertThat(mdc).startsWith("test.Echo|Unary|");
		String traceId = mdc.substring(mdc.lastIndexOf('|') + 1);
		assertThat(traceId).hasSize(32);
		SpanData server = awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
		assertThat(server.getTraceId()).isEqualTo(traceId);
	}

	@Test
	void serverSpanIsTheChildOfTheClientSpanAndThereIsExactlyOne() {
		unary("ok");
		SpanData server = awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
		SpanData client = awaitSpan(SpanKind.CLIENT, "test.Echo/Unary");
		assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
		assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(GrpcTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.count()).isEqualTo(1);
		assertThat(context.getBeansOfType(ServerInterceptor.class).keySet())
			.noneMatch((name) -> name.toLowerCase().contains("observationgrpc"));
	}

	@Test
	void springGrpcsOwnObservationAddsNoSecondSpanAndNoMeterOnEitherSide() {
		// Spring gRPC 1.0 on Boot 4.0, Boot 4.1's own gRPC support on the matrix's second
		// leg
		unary("ok");
		awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
		awaitSpan(SpanKind.CLIENT, "test.Echo/Unary");
		assertThat(GrpcTestApplication.SPANS.getFinishedSpanItems()).hasSize(2);
		assertThat(registry.find("grpc.server").meters()).isEmpty();
		assertThat(registry.find("grpc.client").meters()).isEmpty();
		assertThat(context.getBeansOfType(ClientInterceptor.class).keySet())
			.noneMatch((name) -> name.toLowerCase().contains("observationgrpc"));
	}

	@Test
	void malformedTraceparentIsIgnoredAndStartsANewTrace() {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-not-a-trace-id-zz");
		ManagedChannel plain = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			String answer = ClientCalls.blockingUnaryCall(
					ClientInterceptors.intercept(plain, MetadataUtils.newAttachHeadersInterceptor(headers)),
					EchoGrpc.UNARY, CallOptions.DEFAULT, "ok");
			assertThat(answer).isEqualTo("ok");
			SpanData server = awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
			assertThat(server.getParentSpanContext().isValid()).isFalse();
			assertThat(server.getTraceId()).hasSize(32).isNotEqualTo("00000000000000000000000000000000");
		}
		finally {
			plain.shutdownNow();
		}
	}

	@Test
	void validIncomingTraceparentIsContinued() {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		ManagedChannel plain = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			ClientCalls.blockingUnaryCall(
					ClientInterceptors.intercept(plain, MetadataUtils.newAttachHeadersInterceptor(headers)),
					EchoGrpc.UNARY, CallOptions.DEFAULT, "ok");
			SpanData server = awaitSpan(SpanKind.SERVER, "test.Echo/Unary");
			assertThat(server.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
		}
		finally {
			plain.shutdownNow();
		}
	}

	private static String traceIdOf(Collector collector) {
		String first = collector.values.get(0);
		return first.substring(first.lastIndexOf('|') + 1);
	}

	private static String unary(String command) {
		return ClientCalls.blockingUnaryCall(channel, EchoGrpc.UNARY, CallOptions.DEFAULT, command);
	}

	private static SpanData awaitSpan(SpanKind kind, String name) {
		return await().until(() -> GrpcTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == kind && span.getName().equals(name))
			.findFirst()
			.orElse(null), (span) -> span != null);
	}

	private static void awaitServerCount(String method, String code, double expected) {
		await().untilAsserted(() -> assertThat(serverCount(method, code)).isEqualTo(expected));
	}

	private static double serverCount(String method, String code) {
		return count(GrpcCallMetrics.SERVER_REQUESTS, method, code);
	}

	private static double clientCount(String method, String code) {
		return count(GrpcCallMetrics.CLIENT_REQUESTS, method, code);
	}

	private static double count(String name, String method, String code) {
		Counter counter = registry.find(name)
			.tags("service", EchoGrpc.SERVICE, "method", method, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double errorCount(String type, String code, String exception) {
		Counter counter = registry.find("errors")
			.tags("source", "grpc", "type", type, "code", code, "exception", exception)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double clientErrorCount(String code) {
		Counter counter = registry.find("errors")
			.tags("source", "grpc_client", "type", "handled", "code", code, "exception", "StatusRuntimeException")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** Collects a response stream. */
	private static final class Collector implements StreamObserver<String> {

		private final List<String> values = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

		@Override
		public void onNext(String value) {
			this.values.add(value);
		}

		@Override
		public void onError(Throwable error) {
			this.done.countDown();
		}

		@Override
		public void onCompleted() {
			this.done.countDown();
		}

		List<String> await() throws InterruptedException {
			assertThat(this.done.await(10, TimeUnit.SECONDS)).isTrue();
			return this.values;
		}

	}

}
