package dev.observability.selfcheck;

import java.util.ArrayList;
import java.util.List;

import dev.observability.core.AgentServerSpans;

import org.springframework.core.env.Environment;

/**
 * The OpenTelemetry Java agent's settings that decide whether it traces the requests the
 * starter measures, read by the agent's own names and rules: system properties and
 * environment variables ({@code otel.instrumentation.tomcat.enabled} or
 * {@code OTEL_INSTRUMENTATION_TOMCAT_ENABLED}), each instrumentation on unless switched
 * off, or off when {@code otel.instrumentation.common.default-enabled=false} and not
 * switched on. The agent's configuration file ({@code otel.javaagent.configuration-file})
 * is not read.
 */
public final class OpenTelemetryAgentSettings {

	/** The agent's instrumentations that start server spans of HTTP requests. */
	public static final List<String> HTTP_SERVER_INSTRUMENTATIONS = List.of("tomcat", "jetty", "undertow", "servlet",
			"reactor-netty", "netty", "spring-webflux");

	/**
	 * The agent's instrumentations of the HTTP client libraries Spring's clients run on
	 * (the JDK's, HttpURLConnection, Apache HttpClient, Jetty, Reactor Netty, OkHttp) and
	 * of WebClient.
	 */
	public static final List<String> HTTP_CLIENT_INSTRUMENTATIONS = List.of("java-http-client", "http-url-connection",
			"apache-httpclient", "jetty-httpclient", "reactor-netty", "okhttp", "spring-webflux");

	/** The agent's gRPC instrumentation: server and client spans. */
	public static final String GRPC_INSTRUMENTATION = "grpc";

	private final Environment environment;

	/**
	 * Reads the settings from an environment.
	 * @param environment the application's environment (system properties and environment
	 * variables included)
	 */
	public OpenTelemetryAgentSettings(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Whether an instrumentation of the agent is on.
	 * @param instrumentation its name ({@code tomcat}, {@code grpc})
	 * @return true when on
	 */
	public boolean enabled(String instrumentation) {
		boolean byDefault = this.environment.getProperty("otel.instrumentation.common.default-enabled", Boolean.class,
				true);
		return this.environment.getProperty("otel.instrumentation." + instrumentation + ".enabled", Boolean.class,
				byDefault);
	}

	/**
	 * The HTTP server instrumentations that are on.
	 * @return their names, in {@link #HTTP_SERVER_INSTRUMENTATIONS} order
	 */
	public List<String> httpServerInstrumentationsOn() {
		List<String> on = new ArrayList<>();
		for (String instrumentation : HTTP_SERVER_INSTRUMENTATIONS) {
			if (enabled(instrumentation)) {
				on.add(instrumentation);
			}
		}
		return on;
	}

	/**
	 * The HTTP client instrumentations that are off: with any of them off the agent may
	 * not trace the library a client runs on, so the starter keeps its client spans.
	 * @return their names, in {@link #HTTP_CLIENT_INSTRUMENTATIONS} order
	 */
	public List<String> httpClientInstrumentationsOff() {
		List<String> off = new ArrayList<>();
		for (String instrumentation : HTTP_CLIENT_INSTRUMENTATIONS) {
			if (!enabled(instrumentation)) {
				off.add(instrumentation);
			}
		}
		return off;
	}

	/**
	 * Whether the gRPC instrumentation is on.
	 * @return true when on
	 */
	public boolean grpcOn() {
		return enabled(GRPC_INSTRUMENTATION);
	}

	/**
	 * Where the agent sends its spans ({@code otel.traces.exporter}, {@code otlp} by
	 * default).
	 * @return the exporter names, comma separated
	 */
	public String tracesExporter() {
		return this.environment.getProperty("otel.traces.exporter", "otlp");
	}

	/**
	 * Where the starter uses the agent's server spans: nowhere without the OpenTelemetry
	 * agent or with {@link ServerSpanOwner#STARTER}; for HTTP and gRPC with
	 * {@link ServerSpanOwner#AGENT}; with {@link ServerSpanOwner#AUTO} for each protocol
	 * whose server instrumentation is on.
	 * @param agents the agents that run
	 * @param owner the configured owner of server spans
	 * @return the decision
	 */
	public AgentServerSpans serverSpans(JavaAgents agents, ServerSpanOwner owner) {
		if (!agents.contains(JavaAgent.OPENTELEMETRY)) {
			return AgentServerSpans.NONE;
		}
		return switch (owner) {
			case STARTER -> AgentServerSpans.NONE;
			case AGENT -> new AgentServerSpans(true, true, true);
			case AUTO -> new AgentServerSpans(!httpServerInstrumentationsOn().isEmpty(), grpcOn(),
					httpClientInstrumentationsOff().isEmpty());
		};
	}

}
