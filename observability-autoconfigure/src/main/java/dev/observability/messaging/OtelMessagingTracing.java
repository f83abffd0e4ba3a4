package dev.observability.messaging;

import dev.observability.core.OtelIncomingContext;
import dev.observability.core.OtelSpanErrors;
import dev.observability.core.PropagationFields;
import dev.observability.errors.ErrorCode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Headers;

/**
 * Producer and consumer spans through the OpenTelemetry API, used when Micrometer Tracing
 * runs on its OpenTelemetry bridge (which reads the current span from the same context,
 * so {@code tracer.currentSpan()} and Boot's {@code traceId} / {@code spanId} MDC fields
 * see them). The incoming context is read by {@link OtelIncomingContext}: a missing,
 * malformed or oversized header starts a new trace.
 */
public class OtelMessagingTracing implements MessagingTracing {

	/** OpenTelemetry's default limit of links per span. */
	static final int MAX_LINKS = 128;

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final OtelIncomingContext incoming;

	private final PropagationFields fields;

	/**
	 * Creates the tracing.
	 * @param tracer the OpenTelemetry tracer that Micrometer's bridge also uses
	 * @param propagators the application's propagators
	 */
	public OtelMessagingTracing(Tracer tracer, ContextPropagators propagators) {
		this.tracer = tracer;
		this.propagator = propagators.getTextMapPropagator();
		this.incoming = new OtelIncomingContext(propagators);
		this.fields = new PropagationFields(this.propagator.fields());
	}

	@Override
	public SendSpan startSend(String topic, Headers headers) {
		if (this.fields.presentIn(headers, KafkaHeaderCarrier::get)) {
			return SendSpan.NONE;
		}
		Span span = this.tracer.spanBuilder("send " + topic).setSpanKind(SpanKind.PRODUCER).startSpan();
		if (span.isRecording()) {
			span.setAttribute(MessagingSpanAttributes.SYSTEM, MessagingMetrics.KAFKA);
			span.setAttribute(MessagingSpanAttributes.DESTINATION, topic);
			span.setAttribute(MessagingSpanAttributes.OPERATION, "send");
		}
		try {
			this.propagator.inject(Context.current().with(span), headers, KafkaHeaderCarrier.SETTER);
		}
		catch (RuntimeException ex) {
			// read-only headers: the record goes out without context rather than failing
		}
		return new OtelSendSpan(span);
	}

	@Override
	public ProcessSpan startProcess(Headers headers, String topic, String group) {
		if (Span.current().getSpanContext().isValid()) {
			return ProcessSpan.NONE;
		}
		Context parent = this.incoming.extract(headers, KafkaHeaderCarrier.GETTER);
		Span span = this.tracer.spanBuilder("process " + topic)
			.setSpanKind(SpanKind.CONSUMER)
			.setParent(parent)
			.startSpan();
		tag(span, topic, group);
		return new OtelProcessSpan(span, parent.with(span).makeCurrent());
	}

	@Override
	public ProcessSpan startBatch(ConsumerRecords<?, ?> records, String topic, String group) {
		if (Span.current().getSpanContext().isValid()) {
			return ProcessSpan.NONE;
		}
		SpanBuilder builder = this.tracer.spanBuilder("process " + topic).setSpanKind(SpanKind.CONSUMER).setNoParent();
		int links = 0;
		for (ConsumerRecord<?, ?> record : records) {
			if (links == MAX_LINKS) {
				break;
			}
			SpanContext linked = Span.fromContext(this.incoming.extract(record.headers(), KafkaHeaderCarrier.GETTER))
				.getSpanContext();
			if (linked.isValid()) {
				builder.addLink(linked);
				links++;
			}
		}
		Span span = builder.startSpan();
		tag(span, topic, group);
		if (span.isRecording()) {
			span.setAttribute(MessagingSpanAttributes.BATCH_COUNT, records.count());
		}
		return new OtelProcessSpan(span, Context.root().with(span).makeCurrent());
	}

	private static void tag(Span span, String topic, String group) {
		if (span.isRecording()) {
			span.setAttribute(MessagingSpanAttributes.SYSTEM, MessagingMetrics.KAFKA);
			span.setAttribute(MessagingSpanAttributes.DESTINATION, topic);
			span.setAttribute(MessagingSpanAttributes.OPERATION, "process");
			if (group != null) {
				span.setAttribute(MessagingSpanAttributes.GROUP, group);
			}
		}
	}

	private static void end(Span span, ErrorCode code, Throwable error) {
		try {
			if (span.isRecording() && code != ErrorCode.OK) {
				span.setAttribute(MessagingSpanAttributes.ERROR_TYPE, code.name());
				OtelSpanErrors.fail(span, error, code.name());
			}
		}
		finally {
			span.end();
		}
	}

	private static final class OtelSendSpan implements SendSpan {

		private final Span span;

		OtelSendSpan(Span span) {
			this.span = span;
		}

		@Override
		public void end(ErrorCode code, Throwable error) {
			OtelMessagingTracing.end(this.span, code, error);
		}

	}

	private static final class OtelProcessSpan implements ProcessSpan {

		private final Span span;

		private final Scope scope;

		OtelProcessSpan(Span span, Scope scope) {
			this.span = span;
			this.scope = scope;
		}

		@Override
		public void end(ErrorCode code, Throwable error) {
			try {
				this.scope.close();
			}
			finally {
				OtelMessagingTracing.end(this.span, code, error);
			}
		}

	}

}
