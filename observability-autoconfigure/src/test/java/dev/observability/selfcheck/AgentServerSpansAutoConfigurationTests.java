package dev.observability.selfcheck;

import java.util.List;

import dev.observability.core.AgentServerSpans;
import dev.observability.grpc.GrpcObservabilityAutoConfiguration;
import dev.observability.http.HttpObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who starts the server spans when the OpenTelemetry Java agent runs
 * ({@code observability.selfcheck.agents.server-spans}): the decision the HTTP and gRPC
 * entries pick their tracing from (their tests check that they do).
 */
class AgentServerSpansAutoConfigurationTests {

	private static final JavaAgents OTEL_AGENT = JavaAgents
		.detect(List.of("-javaagent:/opt/otel/opentelemetry-javaagent.jar"), (name) -> false);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				SelfCheckAutoConfiguration.class, HttpObservabilityAutoConfiguration.class,
				GrpcObservabilityAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void withoutAnAgentTheStarterStartsItsOwnSpans() {
		this.runner.withBean(JavaAgents.class, () -> JavaAgents.detect(List.of(), (name) -> false)).run((context) -> {
			assertThat(context).getBean(AgentServerSpans.class).isEqualTo(AgentServerSpans.NONE);
		});
	}

	@Test
	void byDefaultTheStarterUsesTheAgentsSpansWhereItsServerInstrumentationIsOn() {
		this.runner.withBean(JavaAgents.class, () -> OTEL_AGENT).run((context) -> {
			assertThat(context).getBean(AgentServerSpans.class).isEqualTo(new AgentServerSpans(true, true, true));
		});
	}

	@Test
	void autoKeepsTheStartersSpansForAProtocolTheAgentDoesNotTrace() {
		this.runner.withBean(JavaAgents.class, () -> OTEL_AGENT)
			.withSystemProperties("otel.instrumentation.grpc.enabled=false")
			.run((context) -> {
				assertThat(context).getBean(AgentServerSpans.class).isEqualTo(new AgentServerSpans(true, false, true));
			});
	}

	@Test
	void autoKeepsTheStartersClientSpansWhenOneOfTheAgentsHttpClientInstrumentationsIsOff() {
		this.runner.withBean(JavaAgents.class, () -> OTEL_AGENT)
			.withSystemProperties("otel.instrumentation.okhttp.enabled=false")
			.run((context) -> assertThat(context).getBean(AgentServerSpans.class)
				.isEqualTo(new AgentServerSpans(true, true, false)));
	}

	@Test
	void autoKeepsTheStartersSpansWhenTheAgentsServerInstrumentationsAreOff() {
		this.runner.withBean(JavaAgents.class, () -> OTEL_AGENT)
			.withSystemProperties("otel.instrumentation.common.default-enabled=false")
			.run((context) -> {
				assertThat(context).getBean(AgentServerSpans.class).isEqualTo(AgentServerSpans.NONE);
			});
	}

	@Test
	void agentUsesTheAgentsSpansWhateverItsSettingsSay() {
		this.runner.withBean(JavaAgents.class, () -> OTEL_AGENT)
			.withSystemProperties("otel.instrumentation.common.default-enabled=false")
			.withPropertyValues("observability.selfcheck.agents.server-spans=agent")
			.run((context) -> assertThat(context).getBean(AgentServerSpans.class)
				.isEqualTo(new AgentServerSpans(true, true, true)));
	}

	@Test
	void agentWithoutAnAgentKeepsTheStartersSpans() {
		this.runner.withBean(JavaAgents.class, () -> JavaAgents.detect(List.of(), (name) -> false))
			.withPropertyValues("observability.selfcheck.agents.server-spans=agent")
			.run((context) -> assertThat(context).getBean(AgentServerSpans.class).isEqualTo(AgentServerSpans.NONE));
	}

	@Test
	void starterKeepsTheStartersSpansBesideTheAgent() {
		this.runner.withBean(JavaAgents.class, () -> OTEL_AGENT)
			.withPropertyValues("observability.selfcheck.agents.server-spans=starter")
			.run((context) -> {
				assertThat(context).getBean(AgentServerSpans.class).isEqualTo(AgentServerSpans.NONE);
			});
	}

	@Test
	void withAgentDetectionOffNothingIsDecidedAndTheStarterKeepsItsSpans() {
		this.runner.withPropertyValues("observability.selfcheck.agents.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AgentServerSpans.class);
		});
	}

	@Test
	void anUnknownOwnerStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("observability.selfcheck.agents.server-spans=both")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("observability.selfcheck.agents.server-spans"));
	}

}
