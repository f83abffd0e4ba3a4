package dev.observability.events;

import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * Adds an event with attributes to an OpenTelemetry span behind Micrometer's bridge.
 * Loaded only when the bridge is on the class path.
 */
final class OtelSpanEvents {

	private OtelSpanEvents() {
	}

	/**
	 * Adds the event when the span is an OpenTelemetry span.
	 * @return false when the span is not one, so the caller falls back to Micrometer's
	 * API
	 */
	static boolean addEvent(Span span, String event, String[] attributes, long epochMillis) {
		if (!(span instanceof OtelSpan)) {
			return false;
		}
		io.opentelemetry.api.trace.Span otel = OtelSpan.toOtel(span);
		if (otel.isRecording()) {
			AttributesBuilder builder = Attributes.builder();
			for (int i = 0; i + 1 < attributes.length; i += 2) {
				builder.put(attributes[i], attributes[i + 1]);
			}
			otel.addEvent(event, builder.build(), epochMillis, TimeUnit.MILLISECONDS);
		}
		return true;
	}

}
