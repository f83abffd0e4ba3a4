package dev.observability.core;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Starts the server span of an incoming call, for every protocol the starter measures at its
 * entry.
 * <p>
 * A call that carries none of the propagator's fields starts a new trace directly: running the
 * propagator over it (the baggage propagator in particular) costs more than the span itself and
 * can only yield an empty context. A propagator reads the fields it lists in
 * {@link Propagator#fields()}; B3's multi-header names are added because OpenTelemetry's B3
 * propagator extracts them while listing only {@code b3}.
 */
public final class ServerSpans {

	private static final Set<String> B3_MULTI_HEADERS = Set.of("x-b3-traceid", "x-b3-spanid", "x-b3-sampled",
			"x-b3-flags", "x-b3-parentspanid");

	private final Tracer tracer;

	private final Propagator propagator;

	private final String[] fields;

	/**
	 * Creates a span starter.
	 * @param tracer the application's tracer
	 * @param propagator the application's propagator
	 */
	public ServerSpans(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.fields = fieldsRead(propagator);
	}

	private static String[] fieldsRead(Propagator propagator) {
		Set<String> fields = new LinkedHashSet<>();
		for (String field : propagator.fields()) {
			fields.add(field.toLowerCase(Locale.ROOT));
		}
		if (fields.contains("b3")) {
			fields.addAll(B3_MULTI_HEADERS);
		}
		return fields.toArray(String[]::new);
	}

	/**
	 * Starts a server span that continues the trace context the carrier brings (W3C
	 * {@code traceparent}, and whatever else the application's propagator reads). A missing or
	 * malformed context, or one the propagator fails on, starts a new trace: it never fails the
	 * call.
	 * @param <C> the carrier type (request headers, gRPC metadata)
	 * @param carrier where the incoming context is read from
	 * @param getter reads one header of the carrier, case-insensitively
	 * @param name the span name
	 * @return the started span, not yet in scope
	 */
	public <C> Span start(C carrier, Propagator.Getter<C> getter, String name) {
		if (carriesContext(carrier, getter)) {
			try {
				return this.propagator.extract(carrier, getter).kind(Span.Kind.SERVER).name(name).start();
			}
			catch (RuntimeException ex) {
				// a propagator that fails on what the caller sent: start a new trace instead
			}
		}
		return this.tracer.spanBuilder().setNoParent().kind(Span.Kind.SERVER).name(name).start();
	}

	private <C> boolean carriesContext(C carrier, Propagator.Getter<C> getter) {
		for (String field : this.fields) {
			if (getter.get(carrier, field) != null) {
				return true;
			}
		}
		return false;
	}

}
