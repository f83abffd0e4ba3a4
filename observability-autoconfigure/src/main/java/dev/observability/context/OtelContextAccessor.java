package dev.observability.context;

import java.util.ArrayDeque;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries the OpenTelemetry {@link Context} itself (span and baggage) when Micrometer
 * Tracing runs on the OpenTelemetry bridge, whose current span is read from that context.
 * <p>
 * Cheaper than {@link SpanAccessor}: capturing reads a thread local without wrapping the
 * span, and putting it in place attaches the captured context instead of building a new
 * one. Attaching goes through the context storage, so Boot's listeners still put
 * {@code traceId}/{@code spanId} in the MDC. Scopes are kept on a per-thread stack and
 * closed in reverse order.
 */
public final class OtelContextAccessor implements ThreadLocalAccessor<Context> {

	/**
	 * The key of this accessor; the same as {@link SpanAccessor}'s, as it carries the
	 * same thing.
	 */
	public static final String KEY = SpanAccessor.KEY;

	private final ThreadLocal<ArrayDeque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Context getValue() {
		Context current = Context.current();
		return (current != Context.root()) ? current : null;
	}

	@Override
	public void setValue(Context value) {
		this.scopes.get().push(value.makeCurrent());
	}

	@Override
	public void setValue() {
		this.scopes.get().push(Context.root().makeCurrent());
	}

	@Override
	public void restore(Context previousValue) {
		restore();
	}

	@Override
	public void restore() {
		Scope scope = this.scopes.get().poll();
		if (scope != null) {
			scope.close();
		}
	}

}
