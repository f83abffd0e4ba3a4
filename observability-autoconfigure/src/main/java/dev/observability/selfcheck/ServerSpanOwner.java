package dev.observability.selfcheck;

/**
 * Who starts the server spans of HTTP requests and gRPC calls, and the client spans of
 * outgoing gRPC and HTTP calls, when the OpenTelemetry Java agent runs beside the starter
 * ({@code observability.selfcheck.agents.server-spans}).
 */
public enum ServerSpanOwner {

	/**
	 * The agent, for each protocol whose server instrumentation is on by the agent's own
	 * settings; the starter otherwise, and always when no agent runs.
	 */
	AUTO,

	/**
	 * The agent, for HTTP and gRPC, whatever its settings say (for settings the starter
	 * cannot read, such as the agent's configuration file); the starter when no agent
	 * runs.
	 */
	AGENT,

	/**
	 * The starter, always: the agent's server instrumentations must be switched off
	 * ({@code -Dotel.instrumentation.<name>.enabled=false}), which the pitfall report
	 * checks.
	 */
	STARTER

}
