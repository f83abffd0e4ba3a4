package dev.observability.selfcheck;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection of the OpenTelemetry, Datadog and Elastic Java agents from JVM arguments and
 * bootstrap classes.
 */
class JavaAgentsTests {

	@Test
	void theOpenTelemetryAgentIsFoundByItsJarInAnyDirectoryWithOptions() {
		JavaAgents agents = JavaAgents.detect(
				List.of("-Xmx512m", "-javaagent:/opt/otel/opentelemetry-javaagent-2.10.0.jar=debug"), (name) -> false);
		assertThat(agents.agents()).containsExactly(JavaAgent.OPENTELEMETRY);
		assertThat(agents.found().get(JavaAgent.OPENTELEMETRY))
			.isEqualTo("-javaagent:/opt/otel/opentelemetry-javaagent-2.10.0.jar");
	}

	@Test
	void datadogAndElasticAgentsAreFoundByTheirJarsAlsoOnWindowsPaths() {
		JavaAgents agents = JavaAgents.detect(
				List.of("-javaagent:C:\\agents\\DD-JAVA-AGENT.jar", "-javaagent:elastic-apm-agent-1.52.0.jar"),
				(name) -> false);
		assertThat(agents.agents()).containsExactly(JavaAgent.DATADOG, JavaAgent.ELASTIC);
	}

	@Test
	void anAgentAttachedAtRuntimeIsFoundByItsBootstrapClass() {
		JavaAgents agents = JavaAgents.detect(List.of(), Set.of("co.elastic.apm.agent.premain.AgentMain")::contains);
		assertThat(agents.agents()).containsExactly(JavaAgent.ELASTIC);
		assertThat(agents.found().get(JavaAgent.ELASTIC)).isEqualTo("class co.elastic.apm.agent.premain.AgentMain");
	}

	@Test
	void otherAgentsAndLookalikeArgumentsAreNotAgents() {
		JavaAgents agents = JavaAgents.detect(
				List.of("-javaagent:/opt/jacoco/jacocoagent.jar=destfile=x.exec",
						"-Dfoo=-javaagent:/opt/opentelemetry-javaagent.jar",
						"-javaagent:/opt/opentelemetry-javaagent.jar.bak", "-agentpath:/opt/dd-java-agent.so"),
				(name) -> false);
		assertThat(agents.isEmpty()).isTrue();
	}

	@Test
	void thisTestJvmRunsNoneOfTheAgents() {
		assertThat(JavaAgents.detect().isEmpty()).isTrue();
	}

}
