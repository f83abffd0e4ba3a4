package dev.observability.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Marks an OpenTelemetry span as failed, the way {@link SpanErrors} does for a Micrometer
 * span on the OpenTelemetry bridge, so that spans look the same whichever API started
 * them.
 */
public final class OtelSpanErrors {

	private OtelSpanErrors() {
	}

	/**
	 * Marks the span failed: the exception recorded and its message as the status
	 * description (as Micrometer's bridge does for {@code Span.error}), else the
	 * description alone.
	 * @param span the span to mark
	 * @param error the exception, or {@code null}
	 * @param description a short, safe description used when there is no exception
	 */
	public static void fail(Span span, @Nullable Throwable error, String description) {
		if (error == null) {
			span.setStatus(StatusCode.ERROR, description);
			return;
		}
		span.recordException(error);
		if (error.getMessage() != null) {
			span.setStatus(StatusCode.ERROR, error.getMessage());
		}
		else {
			span.setStatus(StatusCode.ERROR);
		}
	}

}
