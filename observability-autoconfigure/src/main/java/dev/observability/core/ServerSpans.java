package dev.observability.core;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Starts the server span of an incoming call, for every protocol the starter measures at its
 * entry.
 */
public final class ServerSpans {

	private ServerSpans() {
	}

	/**
	 * Starts a server span that continues the trace context the carrier brings (W3C
	 * {@code traceparent}, and whatever else the application's propagator reads). A missing or
	 * malformed context, or one the propagator fails on, starts a new trace: it never fails the
	 * call.
	 * @param <C> the carrier type (request headers, gRPC metadata)
	 * @param tracer the application's tracer
	 * @param propagator the application's propagator
	 * @param carrier where the incoming context is read from
	 * @param getter reads one header of the carrier
	 * @param name the span name
	 * @return the started span, not yet in scope
	 */
	public static <C> Span start(Tracer tracer, Propagator propagator, C carrier, Propagator.Getter<C> getter,
			String name) {
		try {
			return propagator.extract(carrier, getter).kind(Span.Kind.SERVER).name(name).start();
		}
		catch (RuntimeException ex) {
			return tracer.spanBuilder().kind(Span.Kind.SERVER).name(name).start();
		}
	}

}
