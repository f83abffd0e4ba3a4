package dev.observability.doctor;

import java.util.List;
import java.util.Map;

import dev.observability.core.AgentServerSpans;
import dev.observability.selfcheck.JavaAgents;
import dev.observability.selfcheck.ServerSpanOwner;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the report says about Java agents: the agent by name and how it was seen, whose
 * server spans requests get, what the starter changed, and what is still instrumented
 * twice.
 */
class JavaAgentCheckTests {

	private static final String OTEL_JAR = "-javaagent:/opt/opentelemetry-javaagent.jar";

	private static final JavaAgents OTEL = JavaAgents.detect(List.of(OTEL_JAR), (name) -> false);

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void withoutAgentsTheCheckSaysWhatItLookedAt() {
		Finding finding = single(JavaAgents.detect(List.of(), (name) -> false), AgentServerSpans.NONE,
				ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("checked -javaagent arguments");
	}

	@Test
	void whenTheStarterUsesTheAgentsServerSpansTheReportSaysSoAndIsOk() {
		Finding finding = single(OTEL, new AgentServerSpans(true, true, true), ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("OpenTelemetry Java agent (" + OTEL_JAR + ")")
			.contains("the starter stepped aside (observability.selfcheck.agents.server-spans=auto)")
			.contains("HTTP requests use the agent's server span (tomcat, jetty")
			.contains("gRPC calls use the agent's server and client spans (grpc on), the starter adds none")
			.contains("outbound HTTP calls use the client span of the agent's HTTP client instrumentation, the "
					+ "starter adds none")
			.contains("http_requests_total, http_request_duration_seconds and the grpc_* metrics stay the starter's")
			.contains("otel.traces.exporter=otlp");
	}

	@Test
	void aProtocolTheAgentDoesNotTraceKeepsTheStartersSpans() {
		this.environment.setProperty("otel.instrumentation.grpc.enabled", "false");
		Finding finding = single(OTEL, new AgentServerSpans(true, false, true), ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("HTTP requests use the agent's server span")
			.contains("gRPC calls keep the starter's spans (the agent's grpc instrumentation is off)");
	}

	@Test
	void anHttpClientInstrumentationSwitchedOffKeepsTheStartersClientSpansAndWarnsOfTwoClientSpans() {
		this.environment.setProperty("otel.instrumentation.java-http-client.enabled", "false");
		Finding finding = single(OTEL, new AgentServerSpans(true, true, false), ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
		assertThat(finding.message())
			.contains("outbound HTTP calls keep the starter's client span (the agent's java-http-client off)");
		assertThat(finding.fix()).startsWith("-Dotel.instrumentation.<name>.enabled=false for http-url-connection")
			.contains("switch the agent's java-http-client back on");
	}

	@Test
	void anAgentThatExportsNoSpansIsAWarning() {
		this.environment.setProperty("otel.traces.exporter", "none");
		Finding finding = single(OTEL, new AgentServerSpans(true, true, true), ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
		assertThat(finding.message()).contains("the agent exports no spans");
	}

	@Test
	void keepingTheStartersSpansWhileTheAgentsServerInstrumentationsAreOnFailsAndNamesThem() {
		this.environment.setProperty("otel.instrumentation.jetty.enabled", "false");
		Finding finding = single(OTEL, AgentServerSpans.NONE, ServerSpanOwner.STARTER);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
		assertThat(finding.message()).contains("OpenTelemetry Java agent (" + OTEL_JAR + ")")
			.contains("tomcat, undertow, servlet")
			.doesNotContain("jetty")
			.contains("observability.selfcheck.agents.server-spans=starter")
			.contains("second server span")
			.contains("the starter changed nothing");
		assertThat(finding.fix()).contains("-Dotel.instrumentation.tomcat.enabled=false")
			.contains("-Dotel.instrumentation.grpc.enabled=false")
			.contains("server-spans=auto");
	}

	@Test
	void theOpenTelemetryAgentWithItsServerInstrumentationsOffIsOkAndTheStarterChangedNothing() {
		this.environment.setProperty("otel.instrumentation.common.default-enabled", "false");
		this.environment.setProperty("otel.instrumentation.jdbc.enabled", "true");
		Finding finding = single(OTEL, AgentServerSpans.NONE, ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("server instrumentations off").contains("the starter changed nothing");
	}

	@Test
	void datadogIsAWarningThatSaysItsSettingsWereNotRead() {
		Finding finding = single(JavaAgents.detect(List.of("-javaagent:/dd/dd-java-agent.jar"), (name) -> false),
				AgentServerSpans.NONE, ServerSpanOwner.AUTO);
		assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
		assertThat(finding.message()).contains("Datadog dd-java-agent").contains("not checked");
		assertThat(finding.fix()).contains("dd.integration.tomcat.enabled=false");
	}

	@Test
	void noFindingWhenAgentDetectionIsOff() {
		assertThat(new JavaAgentCheck(provider(JavaAgents.class, null), provider(AgentServerSpans.class, null),
				ServerSpanOwner.AUTO, this.environment)
			.check()).isEmpty();
	}

	private Finding single(JavaAgents agents, AgentServerSpans used, ServerSpanOwner owner) {
		List<Finding> findings = new JavaAgentCheck(provider(JavaAgents.class, agents),
				provider(AgentServerSpans.class, used), owner, this.environment)
			.check();
		assertThat(findings).hasSize(1);
		return findings.get(0);
	}

	private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				(bean != null) ? Map.of("bean", bean) : Map.of());
		return beans.getBeanProvider(type);
	}

}
