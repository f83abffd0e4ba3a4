package dev.observability.doctor;

import java.util.List;
import java.util.Map;

import dev.observability.selfcheck.JavaAgents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the report says about Java agents: the agent by name and how it was seen, what is
 * still instrumented twice, and that the starter changed nothing.
 */
class JavaAgentCheckTests {

	private static final String OTEL_JAR = "-javaagent:/opt/opentelemetry-javaagent.jar";

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void withoutAgentsTheCheckSaysWhatItLookedAt() {
		Finding finding = single(JavaAgents.detect(List.of(), (name) -> false));
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("checked -javaagent arguments");
	}

	@Test
	void theOpenTelemetryAgentWithItsServerInstrumentationsOnFailsAndNamesThem() {
		this.environment.setProperty("otel.instrumentation.jetty.enabled", "false");
		Finding finding = single(JavaAgents.detect(List.of(OTEL_JAR), (name) -> false));
		assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
		assertThat(finding.message()).contains("OpenTelemetry Java agent (" + OTEL_JAR + ")")
			.contains("tomcat, undertow, servlet")
			.doesNotContain("jetty")
			.contains("second server span")
			.contains("the starter changed nothing");
		assertThat(finding.fix()).contains("-Dotel.instrumentation.tomcat.enabled=false")
			.contains("-Dotel.instrumentation.grpc.enabled=false");
	}

	@Test
	void theOpenTelemetryAgentWithItsServerInstrumentationsOffIsOk() {
		this.environment.setProperty("otel.instrumentation.common.default-enabled", "false");
		this.environment.setProperty("otel.instrumentation.jdbc.enabled", "true");
		Finding finding = single(JavaAgents.detect(List.of(OTEL_JAR), (name) -> false));
		assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
		assertThat(finding.message()).contains("server instrumentations off");
	}

	@Test
	void datadogIsAWarningThatSaysItsSettingsWereNotRead() {
		Finding finding = single(JavaAgents.detect(List.of("-javaagent:/dd/dd-java-agent.jar"), (name) -> false));
		assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
		assertThat(finding.message()).contains("Datadog dd-java-agent").contains("not checked");
		assertThat(finding.fix()).contains("dd.integration.tomcat.enabled=false");
	}

	@Test
	void noFindingWhenAgentDetectionIsOff() {
		assertThat(new JavaAgentCheck(provider(null), this.environment).check()).isEmpty();
	}

	private Finding single(JavaAgents agents) {
		List<Finding> findings = new JavaAgentCheck(provider(agents), this.environment).check();
		assertThat(findings).hasSize(1);
		return findings.get(0);
	}

	private static ObjectProvider<JavaAgents> provider(JavaAgents agents) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				(agents != null) ? Map.of("javaAgents", agents) : Map.of());
		return beans.getBeanProvider(JavaAgents.class);
	}

}
