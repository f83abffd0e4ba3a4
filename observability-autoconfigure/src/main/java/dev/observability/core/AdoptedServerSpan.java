package dev.observability.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The server span someone else started (the OpenTelemetry Java agent, which bridges the
 * application's OpenTelemetry context to its own), used by the starter's entries in place
 * of a span of their own (see {@link AgentServerSpans}).
 * <p>
 * Putting it in scope attaches a context of the starter's own that holds the same span:
 * re-attaching the current context would be a no-op for OpenTelemetry (and for the
 * agent's bridge), and Spring Boot's MDC listener would not hear of it. So Boot writes
 * the agent's trace and span id into the MDC ({@code traceId}, {@code spanId}) exactly as
 * for a span of the starter's; closing the scope puts back the MDC the thread had, since
 * the agent's own scope never tells Boot when it ends.
 */
public final class AdoptedServerSpan {

	private static final ContextKey<Boolean> ADOPTED = ContextKey.named("observability.adopted-server-span");

	private static final MdcKeys TRACE_MDC = MdcKeys.of("traceId", "spanId");

	private AdoptedServerSpan() {
	}

	/**
	 * The context to use for a call whose server span was started before the starter's
	 * entry ran.
	 * @return a context holding the current span, or {@code null} when no valid span is
	 * current (then the entry starts its own)
	 */
	public static @Nullable Context current() {
		Context context = Context.current();
		return Span.fromContext(context).getSpanContext().isValid() ? context.with(ADOPTED, Boolean.TRUE) : null;
	}

	/**
	 * Puts an adopted context in scope on the current thread.
	 * @param adopted what {@link #current()} returned
	 * @return the scope; closing it restores the thread's context and its
	 * {@code traceId}/{@code spanId} MDC entries
	 */
	public static Scope open(Context adopted) {
		String[] saved = TRACE_MDC.save();
		Scope scope = adopted.makeCurrent();
		return () -> {
			try {
				scope.close();
			}
			finally {
				TRACE_MDC.restore(saved);
			}
		};
	}

}
