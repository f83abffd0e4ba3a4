package dev.observability.core;

import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Marks a Micrometer Tracing span as failed when there is no exception to record.
 * <p>
 * Micrometer's {@link Span} only sets an error status through
 * {@link Span#error(Throwable)}; a 5xx response or a failing gRPC status without an
 * exception would otherwise end as an OK span. With the OpenTelemetry bridge present, the
 * status is set on the underlying OpenTelemetry span.
 */
public final class SpanErrors {

	private static final boolean OTEL_BRIDGE_PRESENT = ClassUtils
		.isPresent("io.micrometer.tracing.otel.bridge.OtelSpan", SpanErrors.class.getClassLoader());

	private SpanErrors() {
	}

	/**
	 * Sets the span's status to error with the given description.
	 * @param span the span to mark
	 * @param description a short, safe description (a status code, never a stack trace)
	 */
	public static void markError(Span span, String description) {
		if (OTEL_BRIDGE_PRESENT) {
			OtelStatus.markError(span, description);
		}
		else {
			span.tag("error", description);
		}
	}

	/**
	 * Marks the span failed: with the exception recorded when there is one, else with the
	 * description alone.
	 * @param span the span to mark
	 * @param error the exception, or {@code null}
	 * @param description a short, safe description used when there is no exception
	 */
	public static void fail(Span span, @Nullable Throwable error, String description) {
		if (error != null) {
			span.error(error);
		}
		else {
			markError(span, description);
		}
	}

	/**
	 * Keeps the OpenTelemetry types out of {@link SpanErrors} so that it loads without
	 * them.
	 */
	private static final class OtelStatus {

		static void markError(Span span, String description) {
			io.opentelemetry.api.trace.Span otelSpan = io.micrometer.tracing.otel.bridge.OtelSpan.toOtel(span);
			otelSpan.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, description);
		}

	}

}
