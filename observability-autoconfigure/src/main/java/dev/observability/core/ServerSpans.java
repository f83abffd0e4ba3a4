package dev.observability.core;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Starts the server span of an incoming call through Micrometer Tracing, for every
 * protocol the starter measures at its entry. A call without any propagation field starts
 * a new trace without running the propagator (see {@link PropagationFields}).
 */
public final class ServerSpans {

	private final Tracer tracer;

	private final Propagator propagator;

	private final PropagationFields fields;

	/**
	 * Creates a span starter.
	 * @param tracer the application's tracer
	 * @param propagator the application's propagator
	 */
	public ServerSpans(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.fields = new PropagationFields(propagator.fields());
	}

	/**
	 * Starts a server span that continues the trace context the carrier brings (W3C
	 * {@code traceparent}, and whatever else the application's propagator reads). A
	 * missing or malformed context, or one the propagator fails on, starts a new trace:
	 * it never fails the call.
	 * @param <C> the carrier type (request headers, gRPC metadata)
	 * @param carrier where the incoming context is read from
	 * @param getter reads one header of the carrier, case-insensitively
	 * @param name the span name
	 * @return the started span, not yet in scope
	 */
	public <C> Span start(C carrier, Propagator.Getter<C> getter, String name) {
		if (this.fields.presentIn(carrier, getter::get)) {
			try {
				return this.propagator.extract(carrier, getter).kind(Span.Kind.SERVER).name(name).start();
			}
			catch (RuntimeException ex) {
				// a propagator that fails on what the caller sent: start a new trace
				// instead
			}
		}
		return this.tracer.spanBuilder().setNoParent().kind(Span.Kind.SERVER).name(name).start();
	}

}
