package dev.observability.grpc;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import dev.observability.grpc.testapp.EchoGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The public factory for servers and channels built by hand, without Spring gRPC: there
 * is no exception-handler interceptor, so the server interceptor handles what escapes the
 * service.
 */
class GrpcObservabilityManualWiringTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final GrpcObservability observability = GrpcObservability.builder(this.registry).build();

	private Server server;

	private ManagedChannel channel;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.server != null) {
			this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void nettyServerAndChannelWiredByHandAreMeasured() throws Exception {
		this.server = this.observability
			.instrumentServer(
					NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(EchoGrpc.service()))
			.build()
			.start();
		this.channel = this.observability
			.instrumentChannel(NettyChannelBuilder.forAddress("127.0.0.1", this.server.getPort()).usePlaintext())
			.build();
		assertThat(ClientCalls.blockingUnaryCall(this.channel, EchoGrpc.UNARY, CallOptions.DEFAULT, "mdc"))
			.isEqualTo("test.Echo|Unary|null");
		assertThat(count(GrpcCallMetrics.CLIENT_REQUESTS, "Unary", "OK")).isEqualTo(1);
		await().untilAsserted(() -> assertThat(count(GrpcCallMetrics.SERVER_REQUESTS, "Unary", "OK")).isEqualTo(1));
	}

	@Test
	void panicWithoutSpringIsClassifiedCountedAndClosedWithASafeDescription() throws Exception {
		startInProcess();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(
					() -> ClientCalls.blockingUnaryCall(this.channel, EchoGrpc.UNARY, CallOptions.DEFAULT, "timeout"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
				assertThat(ex.getStatus().getDescription()).isEqualTo(GrpcServerErrors.SAFE_DESCRIPTION);
			});
		await().untilAsserted(
				() -> assertThat(count(GrpcCallMetrics.SERVER_REQUESTS, "Unary", "DEADLINE_EXCEEDED")).isEqualTo(1));
		Counter panics = this.registry.find("errors")
			.tags("source", "grpc", "type", "panic", "code", "DEADLINE_EXCEEDED", "exception", "SocketTimeoutException")
			.counter();
		assertThat(panics).isNotNull();
		assertThat(panics.count()).isEqualTo(1);
	}

	@Test
	void callsToMissingMethodsAreUnimplementedUnderOneUnmatchedSeries() throws Exception {
		startInProcess();
		for (int i = 0; i < 5; i++) {
			int index = i;
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> ClientCalls.blockingUnaryCall(this.channel, EchoGrpc.missing("Random" + index),
						CallOptions.DEFAULT, "ok"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
		}
		await().untilAsserted(() -> assertThat(this.registry.find(GrpcCallMetrics.SERVER_REQUESTS)
			.tags("service", GrpcCallMetrics.UNMATCHED, "method", GrpcCallMetrics.UNMATCHED, "code", "UNIMPLEMENTED")
			.counter()
			.count()).isEqualTo(5));
		assertThat(this.registry.find(GrpcCallMetrics.SERVER_REQUESTS).counters()).hasSize(1);
	}

	@Test
	void interceptorAddedTwiceMeasuresOnce() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = this.observability
			.instrumentServer(InProcessServerBuilder.forName(name)
				.addService(EchoGrpc.service())
				.intercept(this.observability.serverInterceptor()))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
		ClientCalls.blockingUnaryCall(this.channel, EchoGrpc.UNARY, CallOptions.DEFAULT, "ok");
		await().untilAsserted(() -> assertThat(count(GrpcCallMetrics.SERVER_REQUESTS, "Unary", "OK")).isEqualTo(1));
	}

	private void startInProcess() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = this.observability
			.instrumentServer(InProcessServerBuilder.forName(name).addService(EchoGrpc.service()))
			.build()
			.start();
		this.channel = this.observability.instrumentChannel(InProcessChannelBuilder.forName(name)).build();
	}

	private double count(String name, String method, String code) {
		Counter counter = this.registry.find(name)
			.tags("service", EchoGrpc.SERVICE, "method", method, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
