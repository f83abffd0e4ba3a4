package dev.observability.events;

import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * {@link EventSpans} on Micrometer Tracing. With the OpenTelemetry bridge the event keeps
 * its attributes and is added only while the span is recording; with another bridge the
 * event is added by name through Micrometer's API, and the tracer ignores it once the
 * span has ended.
 */
class TracerEventSpans implements EventSpans {

	private static final boolean OTEL_BRIDGE_PRESENT = ClassUtils
		.isPresent("io.micrometer.tracing.otel.bridge.OtelSpan", TracerEventSpans.class.getClassLoader());

	private final Tracer tracer;

	/**
	 * Creates the capture.
	 * @param tracer the application's tracer
	 */
	TracerEventSpans(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable CapturedSpan capture() {
		Span span = this.tracer.currentSpan();
		return (span != null && !span.isNoop()) ? new MicrometerSpan(span) : null;
	}

	private record MicrometerSpan(Span span) implements CapturedSpan {

		@Override
		public String traceId() {
			return this.span.context().traceId();
		}

		@Override
		public String spanId() {
			return this.span.context().spanId();
		}

		@Override
		public void addEvent(String event, String[] attributes, long epochMillis) {
			if (OTEL_BRIDGE_PRESENT && OtelSpanEvents.addEvent(this.span, event, attributes, epochMillis)) {
				return;
			}
			this.span.event(event, epochMillis, TimeUnit.MILLISECONDS);
		}

	}

}
