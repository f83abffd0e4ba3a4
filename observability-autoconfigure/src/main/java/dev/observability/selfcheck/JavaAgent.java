package dev.observability.selfcheck;

import java.util.Locale;

/**
 * A Java agent that instruments HTTP servers, gRPC and logging itself, and so measures
 * the requests the starter measures.
 */
public enum JavaAgent {

	/** The OpenTelemetry Java agent ({@code opentelemetry-javaagent.jar}). */
	OPENTELEMETRY("OpenTelemetry Java agent", "opentelemetry-javaagent",
			"io.opentelemetry.javaagent.OpenTelemetryAgent"),

	/** Datadog's {@code dd-java-agent.jar}. */
	DATADOG("Datadog dd-java-agent", "dd-java-agent", "datadog.trace.bootstrap.AgentBootstrap"),

	/** Elastic's APM agent ({@code elastic-apm-agent.jar}, or attached at runtime). */
	ELASTIC("Elastic APM agent", "elastic-apm-agent", "co.elastic.apm.agent.premain.AgentMain");

	private final String displayName;

	private final String jarPrefix;

	private final String bootstrapClass;

	JavaAgent(String displayName, String jarPrefix, String bootstrapClass) {
		this.displayName = displayName;
		this.jarPrefix = jarPrefix;
		this.bootstrapClass = bootstrapClass;
	}

	/** The agent's name as people know it. */
	public String displayName() {
		return this.displayName;
	}

	/** A class the agent puts on the system class path when it runs. */
	String bootstrapClass() {
		return this.bootstrapClass;
	}

	/**
	 * Whether a {@code -javaagent:} path names this agent's jar (any directory, any
	 * version suffix, any case).
	 */
	boolean isJar(String path) {
		String file = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
			.toLowerCase(Locale.ROOT);
		return file.startsWith(this.jarPrefix) && file.endsWith(".jar");
	}

}
