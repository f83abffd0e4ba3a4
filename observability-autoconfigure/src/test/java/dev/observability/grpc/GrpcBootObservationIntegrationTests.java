package dev.observability.grpc;

import java.time.Duration;
import java.util.List;

import dev.observability.grpc.testapp.EchoGrpc;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gRPC server and client observation of the Boot line in use next to the starter's
 * interceptors, in a real application called over a loopback port: Boot 4.1's own gRPC
 * starters ({@code spring-boot-starter-grpc-server} and {@code -client}, Spring gRPC 1.1)
 * on the matrix's second leg, Spring gRPC 1.0's auto-configuration on Boot 4.0. Both
 * install Micrometer's {@link ObservationGrpcServerInterceptor} and
 * {@link ObservationGrpcClientInterceptor} when an {@code ObservationRegistry} is there,
 * as in every application with the starter, unless
 * {@code spring.grpc.server.observation.enabled} or
 * {@code spring.grpc.client.observation.enabled} says no.
 */
class GrpcBootObservationIntegrationTests {

	private static final String SERVER_OBSERVATION = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerObservationAutoConfiguration";

	private static final String CLIENT_OBSERVATION = "org.springframework.boot.grpc.client.autoconfigure.GrpcClientObservationAutoConfiguration";

	private static final String METHOD = EchoGrpc.SERVICE + "/Unary";

	/** This test's spans (an exporter stops when its context closes). */
	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	@Test
	void asAUserHasItEachCallHasOneServerSpanOneClientSpanAndTheStartersMetersOnce() {
		try (ConfigurableApplicationContext context = start()) {
			// Boot's observation auto-configurations are on the class path and step aside
			ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
			assertSwitchedOffBy(report, SERVER_OBSERVATION, "spring.grpc.server.observation.enabled");
			assertSwitchedOffBy(report, CLIENT_OBSERVATION, "spring.grpc.client.observation.enabled");
			assertThat(context.getBeansOfType(ObservationGrpcServerInterceptor.class)).isEmpty();
			assertThat(context.getBeansOfType(ObservationGrpcClientInterceptor.class)).isEmpty();
			MeterRegistry registry = context.getBean(MeterRegistry.class);

			assertThat(callOnce(context)).isEqualTo("ok");

			assertStartersMetersRecordedOnce(registry);
			List<SpanData> finished = awaitSpans(1, 1);
			SpanData client = finished.stream().filter((span) -> span.getKind() == SpanKind.CLIENT).findFirst().get();
			SpanData server = finished.stream().filter((span) -> span.getKind() == SpanKind.SERVER).findFirst().get();
			assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
			assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
			assertThat(registry.find("grpc.server").meters()).as("Boot's grpc.server observation meters").isEmpty();
			assertThat(registry.find("grpc.client").meters()).as("Boot's grpc.client observation meters").isEmpty();
		}
	}

	@Test
	void withBootsObservationSwitchedBackOnTheStartersMetersAreStillRecordedOnceAndBootAddsItsOwnSpanAndTimerOnEachSide() {
		try (ConfigurableApplicationContext context = start("spring.grpc.server.observation.enabled=true",
				"spring.grpc.client.observation.enabled=true")) {
			ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
			assertThat(outcomes(report, SERVER_OBSERVATION).isFullMatch()).as(SERVER_OBSERVATION).isTrue();
			assertThat(outcomes(report, CLIENT_OBSERVATION).isFullMatch()).as(CLIENT_OBSERVATION).isTrue();
			assertThat(context.getBeansOfType(ObservationGrpcServerInterceptor.class)).hasSize(1);
			assertThat(context.getBeansOfType(ObservationGrpcClientInterceptor.class)).hasSize(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);

			assertThat(callOnce(context)).isEqualTo("ok");

			assertStartersMetersRecordedOnce(registry);
			// What docs/grpc.md says: two spans on each side, one of them Boot's (and the
			// starter's client span is not the parent of Boot's)
			awaitSpans(2, 2);
			assertThat(registry.find("grpc.server").timer()).extracting(Timer::count).isEqualTo(1L);
			assertThat(registry.find("grpc.client").timer()).extracting(Timer::count).isEqualTo(1L);
		}
	}

	private ConfigurableApplicationContext start(String... properties) {
		// Spring gRPC 1.0 (Boot 4.0) calls the bind address host; Boot 4.1 calls it
		// address, a host only.
		String loopback = SpringBootVersion.getVersion().startsWith("4.0.") ? "spring.grpc.server.host=127.0.0.1"
				: "spring.grpc.server.address=127.0.0.1";
		return new SpringApplicationBuilder(EchoApplication.class).web(WebApplicationType.NONE)
			.properties(loopback, "spring.grpc.server.port=0", "management.tracing.sampling.probability=1.0",
					"spring.main.banner-mode=off")
			.properties(properties)
			.initializers((context) -> context.getBeanFactory()
				.registerSingleton("contextSpans", SimpleSpanProcessor.create(this.spans)))
			.run();
	}

	private static String callOnce(ConfigurableApplicationContext context) {
		int port = context.getBean(GrpcServerLifecycle.class).getPort();
		ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
		try {
			return ClientCalls.blockingUnaryCall(channel, EchoGrpc.UNARY, CallOptions.DEFAULT, "ok");
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * Waits for the call's spans, then for a while longer to see that no more come.
	 */
	private List<SpanData> awaitSpans(int server, int client) {
		await().atMost(Duration.ofSeconds(30)).until(() -> finishedSpans().size() >= server + client);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> finishedSpans().size() == server + client);
		List<SpanData> finished = finishedSpans();
		assertThat(finished).filteredOn((span) -> span.getKind() == SpanKind.SERVER).as("server spans").hasSize(server);
		assertThat(finished).filteredOn((span) -> span.getKind() == SpanKind.CLIENT).as("client spans").hasSize(client);
		assertThat(finished).extracting(SpanData::getName).containsOnly(METHOD);
		return finished;
	}

	private List<SpanData> finishedSpans() {
		return this.spans.getFinishedSpanItems();
	}

	private static void assertStartersMetersRecordedOnce(MeterRegistry registry) {
		await().untilAsserted(() -> assertThat(count(registry, GrpcCallMetrics.SERVER_REQUESTS)).isEqualTo(1));
		assertThat(count(registry, GrpcCallMetrics.CLIENT_REQUESTS)).isEqualTo(1);
		assertThat(timed(registry, GrpcCallMetrics.SERVER_DURATION)).isEqualTo(1);
		assertThat(timed(registry, GrpcCallMetrics.CLIENT_DURATION)).isEqualTo(1);
	}

	private static double count(MeterRegistry registry, String name) {
		return registry.find(name)
			.tags("service", EchoGrpc.SERVICE)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static long timed(MeterRegistry registry, String name) {
		return registry.find(name).tags("service", EchoGrpc.SERVICE).timers().stream().mapToLong(Timer::count).sum();
	}

	/**
	 * Asserts that the auto-configuration was evaluated (it is on the class path) and did
	 * not match because of the property.
	 */
	private static void assertSwitchedOffBy(ConditionEvaluationReport report, String autoConfiguration,
			String property) {
		ConditionAndOutcomes outcomes = outcomes(report, autoConfiguration);
		assertThat(outcomes.isFullMatch()).as(autoConfiguration).isFalse();
		assertThat(outcomes).as(autoConfiguration)
			.anySatisfy((outcome) -> assertThat(outcome.getOutcome().getMessage()).contains(property));
	}

	private static ConditionAndOutcomes outcomes(ConditionEvaluationReport report, String autoConfiguration) {
		ConditionAndOutcomes outcomes = report.getConditionAndOutcomesBySource().get(autoConfiguration);
		assertThat(outcomes).as("%s on the class path and evaluated", autoConfiguration).isNotNull();
		return outcomes;
	}

	/** An application serving {@link EchoGrpc}, nothing else of its own. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EchoApplication {

		@Bean
		BindableService echoService() {
			return EchoGrpc::service;
		}

	}

}
