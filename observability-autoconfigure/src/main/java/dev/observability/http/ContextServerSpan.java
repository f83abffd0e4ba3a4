package dev.observability.http;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * A server span held as the OpenTelemetry context that carries it: the scope bookkeeping
 * of the starter's own spans and of a Java agent's span alike, which differ only in how
 * the context is put in scope and in what ending means.
 */
abstract class ContextServerSpan implements HttpServerTracing.ServerSpan {

	private final Context context;

	private @Nullable Scope scope;

	ContextServerSpan(Context context) {
		this.context = context;
	}

	/**
	 * Puts the span's context in scope on the current thread.
	 * @param context the span's context
	 * @return the scope to close
	 */
	abstract Scope attach(Context context);

	@Override
	public final void openScope() {
		this.scope = attach(this.context);
	}

	@Override
	public final HttpServerTracing.SpanScope makeCurrent() {
		return attach(this.context)::close;
	}

	@Override
	public final Object contextValue() {
		return this.context;
	}

	@Override
	public final void closeScope() {
		Scope current = this.scope;
		this.scope = null;
		if (current != null) {
			current.close();
		}
	}

}
