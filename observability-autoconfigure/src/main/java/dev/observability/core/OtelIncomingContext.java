package dev.observability.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Reads the trace context an incoming call brings, through the OpenTelemetry API, for the
 * server spans the starter starts at a protocol entry. A call without any propagation
 * field, or with one the propagators fail on, gives the root context: a new trace, never
 * a failed call.
 */
public final class OtelIncomingContext {

	private final TextMapPropagator propagator;

	private final PropagationFields fields;

	/**
	 * Creates the reader.
	 * @param propagators the application's propagators
	 */
	public OtelIncomingContext(ContextPropagators propagators) {
		this.propagator = propagators.getTextMapPropagator();
		this.fields = new PropagationFields(this.propagator.fields());
	}

	/**
	 * Extracts the parent context of a server span.
	 * @param <C> the carrier type
	 * @param carrier request headers or call metadata
	 * @param getter reads the carrier
	 * @return the extracted context, or the root context
	 */
	public <C> Context extract(C carrier, TextMapGetter<C> getter) {
		if (!this.fields.presentIn(carrier, getter::get)) {
			return Context.root();
		}
		try {
			return this.propagator.extract(Context.root(), carrier, getter);
		}
		catch (RuntimeException ex) {
			return Context.root();
		}
	}

}
