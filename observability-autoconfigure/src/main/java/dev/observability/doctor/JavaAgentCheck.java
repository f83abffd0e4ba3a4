package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;

import dev.observability.selfcheck.JavaAgent;
import dev.observability.selfcheck.JavaAgents;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * Pitfall 5 ({@code agents.double-instrumentation}): a Java agent that instruments the
 * same requests as the starter. The starter keeps the server spans and the contract's
 * metrics; the agent is to step aside at the entries (its server instrumentations off).
 * For the OpenTelemetry agent the check reads the agent's own settings (system properties
 * or environment, as the agent does) and names the server instrumentations still on; for
 * Datadog's and Elastic's agents it cannot tell and says so. The starter changes nothing
 * in the agent.
 */
public class JavaAgentCheck implements PitfallCheck {

	static final String ID = "agents.double-instrumentation";

	/**
	 * The OpenTelemetry agent's instrumentations that start server spans for HTTP and
	 * gRPC calls the starter also measures.
	 */
	static final List<String> OTEL_SERVER_INSTRUMENTATIONS = List.of("tomcat", "jetty", "undertow", "servlet",
			"reactor-netty", "netty", "spring-webflux", "grpc");

	private final ObjectProvider<JavaAgents> agents;

	private final Environment environment;

	public JavaAgentCheck(ObjectProvider<JavaAgents> agents, Environment environment) {
		this.agents = agents;
		this.environment = environment;
	}

	@Override
	public List<Finding> check() {
		JavaAgents agents = this.agents.getIfAvailable();
		if (agents == null) {
			return List.of();
		}
		if (agents.isEmpty()) {
			return List.of(Finding.ok(ID, Pitfall.WRONG_LAYER,
					"no OpenTelemetry, Datadog or Elastic Java agent runs (checked -javaagent arguments and the agents' "
							+ "bootstrap classes): the starter alone measures requests"));
		}
		List<Finding> findings = new ArrayList<>();
		for (JavaAgent agent : agents.agents()) {
			findings.add(switch (agent) {
				case OPENTELEMETRY -> openTelemetry(agents);
				case DATADOG -> other(agents, agent,
						"-Ddd.trace.enabled=false (keep the agent for profiling), or disable its web and gRPC "
								+ "integrations (-Ddd.integration.tomcat.enabled=false, -Ddd.integration.servlet.enabled=false, "
								+ "-Ddd.integration.grpc.enabled=false)");
				case ELASTIC ->
					other(agents, agent, "-Delastic.apm.disable_instrumentations=servlet-api,grpc,spring-webflux "
							+ "(or instrument=false when it only collects metrics)");
			});
		}
		return findings;
	}

	private Finding openTelemetry(JavaAgents agents) {
		JavaAgent agent = JavaAgent.OPENTELEMETRY;
		List<String> on = new ArrayList<>();
		for (String instrumentation : OTEL_SERVER_INSTRUMENTATIONS) {
			if (enabled(instrumentation)) {
				on.add(instrumentation);
			}
		}
		String seen = agent.displayName() + " (" + agents.found().get(agent) + ")";
		if (on.isEmpty()) {
			return Finding.ok(ID, Pitfall.WRONG_LAYER, seen + " runs with its server instrumentations off: "
					+ "one server span per request and call, from the starter; the starter changed nothing");
		}
		StringBuilder fix = new StringBuilder();
		for (String instrumentation : on) {
			fix.append("-Dotel.instrumentation.").append(instrumentation).append(".enabled=false ");
		}
		return Finding.fail(ID, Pitfall.WRONG_LAYER,
				seen + " instruments the same requests (" + String.join(", ", on)
						+ " on): each request gets a second server span in a trace of its own, "
						+ "and the agent's metrics duplicate the starter's; the starter changed nothing",
				fix.toString().trim() + " (the agent's client, JDBC and messaging instrumentations may stay)");
	}

	private Finding other(JavaAgents agents, JavaAgent agent, String fix) {
		return Finding.warn(ID, Pitfall.WRONG_LAYER, agent.displayName() + " (" + agents.found().get(agent)
				+ ") runs beside the starter: unless its web and gRPC instrumentation is off, each request "
				+ "is traced and measured twice (not checked: its settings are not read); the starter changed nothing",
				fix);
	}

	/** Whether an instrumentation of the OpenTelemetry agent is on, by its own rules. */
	private boolean enabled(String instrumentation) {
		boolean byDefault = this.environment.getProperty("otel.instrumentation.common.default-enabled", Boolean.class,
				true);
		return this.environment.getProperty("otel.instrumentation." + instrumentation + ".enabled", Boolean.class,
				byDefault);
	}

}
