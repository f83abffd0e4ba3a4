package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.observability.core.AgentServerSpans;
import dev.observability.selfcheck.JavaAgent;
import dev.observability.selfcheck.JavaAgents;
import dev.observability.selfcheck.OpenTelemetryAgentSettings;
import dev.observability.selfcheck.ServerSpanOwner;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * Pitfall 5 ({@code agents.double-instrumentation}): a Java agent that instruments the
 * same requests as the starter. With the OpenTelemetry agent the check reads the agent's
 * own settings (system properties or environment, as the agent does) and says, per
 * protocol, whose server span each request gets: the agent's, where the starter stepped
 * aside ({@code observability.selfcheck.agents.server-spans}, {@link AgentServerSpans}),
 * or the starter's, which fails while the agent's server instrumentation for it is still
 * on. Datadog's and Elastic's agents are reported without reading their settings.
 */
public class JavaAgentCheck implements PitfallCheck {

	static final String ID = "agents.double-instrumentation";

	private static final String PROPERTY = "observability.selfcheck.agents.server-spans";

	private final ObjectProvider<JavaAgents> agents;

	private final ObjectProvider<AgentServerSpans> agentServerSpans;

	private final ServerSpanOwner owner;

	private final OpenTelemetryAgentSettings settings;

	/**
	 * Creates the check.
	 * @param agents the agents detected at startup
	 * @param agentServerSpans where the starter uses the agent's server spans
	 * @param owner the configured owner of server spans
	 * @param environment where the agent's settings are read
	 */
	public JavaAgentCheck(ObjectProvider<JavaAgents> agents, ObjectProvider<AgentServerSpans> agentServerSpans,
			ServerSpanOwner owner, Environment environment) {
		this.agents = agents;
		this.agentServerSpans = agentServerSpans;
		this.owner = owner;
		this.settings = new OpenTelemetryAgentSettings(environment);
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
		String seen = agent.displayName() + " (" + agents.found().get(agent) + ")";
		AgentServerSpans used = AgentServerSpans.of(this.agentServerSpans);
		List<String> httpOn = this.settings.httpServerInstrumentationsOn();
		boolean grpcOn = this.settings.grpcOn();
		List<String> doubled = new ArrayList<>();
		if (!used.http()) {
			doubled.addAll(httpOn);
		}
		if (!used.grpc() && grpcOn) {
			doubled.add(OpenTelemetryAgentSettings.GRPC_INSTRUMENTATION);
		}
		if (!doubled.isEmpty()) {
			StringBuilder fix = new StringBuilder();
			for (String instrumentation : doubled) {
				fix.append("-Dotel.instrumentation.").append(instrumentation).append(".enabled=false ");
			}
			return Finding.fail(ID, Pitfall.WRONG_LAYER, seen + " instruments the same requests ("
					+ String.join(", ", doubled) + " on) while " + PROPERTY + "=" + owner()
					+ " keeps the starter's server spans: each request gets a second server span in a trace of its own; "
					+ "the starter changed nothing",
					fix.toString().trim() + " (the agent's client, JDBC and messaging instrumentations may stay), or "
							+ PROPERTY + "=auto to use the agent's server spans");
		}
		List<String> clientsOff = this.settings.httpClientInstrumentationsOff();
		List<String> clientsOn = new ArrayList<>(OpenTelemetryAgentSettings.HTTP_CLIENT_INSTRUMENTATIONS);
		clientsOn.removeAll(clientsOff);
		if (!used.httpClient() && !clientsOn.isEmpty()) {
			// The starter keeps its client spans while some of the agent's are on: a call
			// through one of those libraries has two client spans.
			return Finding.warn(ID, Pitfall.WRONG_LAYER,
					seen + ": " + httpPart(used, httpOn) + "; " + grpcPart(used, grpcOn) + "; " + httpClientPart(used),
					"-Dotel.instrumentation.<name>.enabled=false for " + String.join(", ", clientsOn) + ", or "
							+ (clientsOff.isEmpty() ? PROPERTY + "=auto"
									: "switch the agent's " + String.join(", ", clientsOff) + " back on")
							+ " so that the starter leaves outbound client spans to the agent");
		}
		if (!used.http() && !used.grpc() && !used.httpClient()) {
			return Finding.ok(ID, Pitfall.WRONG_LAYER,
					seen + " runs with its HTTP and gRPC server instrumentations off: "
							+ "one server span per request and call, the starter's; the starter changed nothing");
		}
		String changed = seen + " starts the server spans; the starter stepped aside (" + PROPERTY + "=" + owner()
				+ "): " + httpPart(used, httpOn) + "; " + grpcPart(used, grpcOn) + "; " + httpClientPart(used)
				+ ". The starter's MDC traceId and "
				+ "spanId, exemplars and its other spans carry the agent's trace; http_requests_total, "
				+ "http_request_duration_seconds and the grpc_* metrics stay the starter's, recorded once";
		String exporter = this.settings.tracesExporter();
		if ("none".equals(exporter.trim())) {
			return Finding.warn(ID, Pitfall.WRONG_LAYER, changed
					+ ", but the agent exports no spans (otel.traces.exporter=none): no backend sees the server spans",
					"-Dotel.traces.exporter=otlp (or zipkin) to the backend Spring Boot exports to, or " + PROPERTY
							+ "=starter with the agent's server instrumentations off");
		}
		return Finding.ok(ID, Pitfall.WRONG_LAYER,
				changed + ". The agent exports the server spans (otel.traces.exporter=" + exporter
						+ "), Spring Boot the starter's other spans: both must reach the same backend");
	}

	private String httpPart(AgentServerSpans used, List<String> httpOn) {
		if (!used.http()) {
			return "HTTP requests keep the starter's server span (the agent's HTTP server instrumentations are off)";
		}
		return "HTTP requests use the agent's server span ("
				+ (httpOn.isEmpty() ? PROPERTY + "=agent" : String.join(", ", httpOn) + " on")
				+ "; a request that arrives without one gets the starter's)";
	}

	private String grpcPart(AgentServerSpans used, boolean grpcOn) {
		if (!used.grpc()) {
			return "gRPC calls keep the starter's spans (the agent's grpc instrumentation is off)";
		}
		return "gRPC calls use the agent's server and client spans (" + (grpcOn ? "grpc on" : PROPERTY + "=agent")
				+ "), the starter adds none";
	}

	private String httpClientPart(AgentServerSpans used) {
		if (!used.httpClient()) {
			List<String> off = this.settings.httpClientInstrumentationsOff();
			return "outbound HTTP calls keep the starter's client span ("
					+ (off.isEmpty() ? PROPERTY + "=" + owner() : "the agent's " + String.join(", ", off) + " off")
					+ "), so a call through a library the agent traces has two client spans";
		}
		return "outbound HTTP calls use the client span of the agent's HTTP client instrumentation, the starter "
				+ "adds none and measures http_client_requests_total as before";
	}

	private String owner() {
		return this.owner.name().toLowerCase(Locale.ROOT);
	}

	private Finding other(JavaAgents agents, JavaAgent agent, String fix) {
		return Finding.warn(ID, Pitfall.WRONG_LAYER, agent.displayName() + " (" + agents.found().get(agent)
				+ ") runs beside the starter: unless its web and gRPC instrumentation is off, each request "
				+ "is traced and measured twice (not checked: its settings are not read); the starter changed nothing",
				fix);
	}

}
