package dev.observability.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * The header names a propagator reads, to tell cheaply whether an incoming call carries
 * any trace context at all.
 * <p>
 * A call without any of them starts a new trace directly: running the propagators over it
 * (the baggage propagator in particular) costs more than the span itself and can only
 * yield an empty context. B3's multi-header names are added whenever {@code b3} is
 * listed, because OpenTelemetry's B3 propagator extracts them while listing only
 * {@code b3}.
 */
public final class PropagationFields {

	private static final Set<String> B3_MULTI_HEADERS = Set.of("x-b3-traceid", "x-b3-spanid", "x-b3-sampled",
			"x-b3-flags", "x-b3-parentspanid");

	private final String[] fields;

	/**
	 * Creates the set of fields.
	 * @param fields what the propagator lists as its fields
	 */
	public PropagationFields(Collection<String> fields) {
		Set<String> names = new LinkedHashSet<>();
		for (String field : fields) {
			names.add(field.toLowerCase(Locale.ROOT));
		}
		if (names.contains("b3")) {
			names.addAll(B3_MULTI_HEADERS);
		}
		this.fields = names.toArray(String[]::new);
	}

	/**
	 * Tells whether the carrier has at least one of the fields.
	 * @param <C> the carrier type
	 * @param carrier request headers or call metadata
	 * @param header reads one header by its lower-case name ({@code null} when absent)
	 * @return whether a propagator could find anything
	 */
	public <C> boolean presentIn(C carrier, BiFunction<C, String, @Nullable String> header) {
		for (String field : this.fields) {
			if (header.apply(carrier, field) != null) {
				return true;
			}
		}
		return false;
	}

}
