package dev.observability.messaging;

import dev.observability.core.LabelNames;
import dev.observability.core.MdcKeys;
import dev.observability.errors.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The listener side's work around one invocation (a record or a batch), shared by
 * {@link ObservingRecordInterceptor} and {@link ObservingBatchInterceptor}: sets the MDC
 * fields {@code system}, {@code destination} and {@code group}, starts the consumer span
 * in scope, and at the end records {@code messaging_process_total} /
 * {@code messaging_process_duration_seconds}, reports a failure, and puts the thread's
 * MDC and context back exactly as they were.
 * <p>
 * The invocation in flight is kept per listener thread between the interceptor's
 * {@code intercept} and its {@code success} / {@code failure}, which spring-kafka calls
 * on that same thread; it is cleared when the invocation ends.
 */
final class ListenerInvocations {

	private static final MdcKeys MDC_KEYS = MdcKeys.of(LabelNames.SYSTEM, LabelNames.DESTINATION, LabelNames.GROUP);

	private final MessagingMetrics metrics;

	private final MessagingTracing tracing;

	private final MessagingFailures failures;

	private final ThreadLocal<InFlight> inFlight = ThreadLocal.withInitial(InFlight::new);

	ListenerInvocations(MessagingMetrics metrics, MessagingTracing tracing, MessagingFailures failures) {
		this.metrics = metrics;
		this.tracing = tracing;
		this.failures = failures;
	}

	void startRecord(String topic, Headers headers) {
		InFlight invocation = begin(topic);
		invocation.span = this.tracing.startProcess(headers, topic, invocation.groupId);
	}

	void startBatch(ConsumerRecords<?, ?> records) {
		String topic = records.isEmpty() ? null : records.partitions().iterator().next().topic();
		InFlight invocation = begin(topic);
		invocation.span = this.tracing.startBatch(records, topic, invocation.groupId);
	}

	void succeeded() {
		end(null);
	}

	void failed(Exception exception) {
		end(unwrap(exception));
	}

	/**
	 * Clears what an invocation that never heard its outcome left on the thread, without
	 * measuring it: spring-kafka always reports the outcome first, so this finds nothing.
	 */
	void abandon() {
		InFlight invocation = this.inFlight.get();
		if (invocation.active) {
			invocation.active = false;
			try {
				invocation.span.end(ErrorCode.UNKNOWN, null);
			}
			finally {
				MDC_KEYS.restore(invocation.savedMdc);
			}
		}
	}

	private InFlight begin(String topic) {
		abandon();
		InFlight invocation = this.inFlight.get();
		invocation.startNanos = System.nanoTime();
		invocation.groupId = KafkaUtils.getConsumerGroupId();
		invocation.destination = this.metrics.destination(topic);
		invocation.group = this.metrics.group(invocation.groupId);
		invocation.savedMdc = MDC_KEYS.save(invocation.savedMdc);
		invocation.span = MessagingTracing.ProcessSpan.NONE;
		invocation.active = true;
		MDC.put(LabelNames.SYSTEM, this.metrics.system());
		MDC.put(LabelNames.DESTINATION, invocation.destination);
		MDC.put(LabelNames.GROUP, invocation.group);
		return invocation;
	}

	private void end(Throwable exception) {
		InFlight invocation = this.inFlight.get();
		if (!invocation.active) {
			return;
		}
		invocation.active = false;
		ErrorCode code = ErrorCode.OK;
		try {
			if (exception != null) {
				code = this.failures.failed(exception, false);
			}
			this.metrics.processed(invocation.destination, invocation.group, code,
					System.nanoTime() - invocation.startNanos);
		}
		finally {
			try {
				invocation.span.end(code, exception);
			}
			finally {
				MDC_KEYS.restore(invocation.savedMdc);
				invocation.span = MessagingTracing.ProcessSpan.NONE;
			}
		}
	}

	/** spring-kafka wraps what the listener threw; the listener's exception decides. */
	private static Throwable unwrap(Exception exception) {
		if (exception instanceof ListenerExecutionFailedException && exception.getCause() != null) {
			return exception.getCause();
		}
		return exception;
	}

	/** One listener thread's invocation in flight, reused from one to the next. */
	private static final class InFlight {

		private boolean active;

		private long startNanos;

		private String groupId;

		private String destination;

		private String group;

		private String[] savedMdc;

		private MessagingTracing.ProcessSpan span = MessagingTracing.ProcessSpan.NONE;

	}

}
