package dev.observability.core;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Where a Java agent starts the server spans of a protocol's calls, so that the starter
 * uses the agent's span instead of starting a second one (issue 22). Decided once, at
 * startup, by the self-check capability from the detected agent, its settings and
 * {@code observability.selfcheck.agents.server-spans}; read by the HTTP and gRPC entries
 * when they choose how to trace.
 *
 * @param http whether HTTP requests use the span the agent started
 * @param grpc whether gRPC calls use the agent's server span, and the agent's client span
 * for outgoing calls
 * @param httpClient whether outbound HTTP calls use the agent's client span (the agent's
 * HTTP client instrumentations are on)
 */
public record AgentServerSpans(boolean http, boolean grpc, boolean httpClient) {

	/** The starter starts its own server spans everywhere. */
	public static final AgentServerSpans NONE = new AgentServerSpans(false, false, false);

	/**
	 * The decision, or {@link #NONE} when nobody made one (agent detection off).
	 * @param decision the application's decision, if any
	 * @return the decision
	 */
	public static AgentServerSpans of(ObjectProvider<AgentServerSpans> decision) {
		return decision.getIfAvailable(() -> NONE);
	}

}
