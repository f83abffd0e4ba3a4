package dev.observability.client;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.http.HttpHeaders;

/**
 * Client spans left to the OpenTelemetry Java agent, whose instrumentation of the HTTP
 * library underneath starts the client span and writes its context into the request. The
 * starter starts none, so a call has one client span, not two. It still writes the
 * caller's context into the request: should the library be one the agent does not trace,
 * the downstream service continues the caller's trace rather than starting its own; where
 * the agent traces it, the agent's context replaces it.
 */
class AgentHttpClientTracing implements HttpClientTracing {

	private final Tracer tracer;

	private final Propagator propagator;

	AgentHttpClientTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public ClientSpan start(String method, String peer) {
		Span current = this.tracer.currentSpan();
		return (current != null) ? new CallersContext(this.propagator, current) : ClientSpan.NONE;
	}

	/** Writes the caller's span context into the request; ends nothing. */
	private record CallersContext(Propagator propagator, Span caller) implements ClientSpan {

		@Override
		public void inject(HttpHeaders headers) {
			this.propagator.inject(this.caller.context(), headers, TracerHttpClientTracing.SETTER);
		}

	}

}
