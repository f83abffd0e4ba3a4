package dev.observability.context;

import java.util.ArrayDeque;

import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Carries the tracer's current span, also when it was started with the {@link Tracer}
 * directly rather than through an observation (the HTTP filter does so).
 * <p>
 * Scopes opened in a worker are kept on a per-thread stack and closed in reverse order,
 * so the worker's previous span is back in place after every task.
 */
public final class SpanAccessor implements ThreadLocalAccessor<Span> {

	/** The key of this accessor in a context snapshot. */
	public static final String KEY = "observability.span";

	/**
	 * Marks "nothing was opened" so that restore stays symmetric without a scope to
	 * close.
	 */
	private static final Tracer.SpanInScope NOTHING_OPENED = () -> {
	};

	private final Tracer tracer;

	private final ThreadLocal<ArrayDeque<Tracer.SpanInScope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

	/**
	 * Creates an accessor for the given tracer's current span.
	 * @param tracer the tracer
	 */
	public SpanAccessor(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Span getValue() {
		return this.tracer.currentSpan();
	}

	@Override
	public void setValue(Span value) {
		this.scopes.get().push(this.tracer.withSpan(value));
	}

	@Override
	public void setValue() {
		// A clean worker needs no scope; a worker with a span gets an empty one on top of
		// it.
		Tracer.SpanInScope scope = (this.tracer.currentSpan() != null) ? this.tracer.withSpan(null) : NOTHING_OPENED;
		this.scopes.get().push(scope);
	}

	@Override
	public void restore(Span previousValue) {
		restore();
	}

	@Override
	public void restore() {
		Tracer.SpanInScope scope = this.scopes.get().poll();
		if (scope != null) {
			scope.close();
		}
	}

}
