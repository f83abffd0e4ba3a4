package dev.observability.messaging;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Measures and traces every invocation of a record listener: a consumer span per record
 * that continues the producer's trace (a new trace when the headers carry none or a
 * malformed one), the MDC fields {@code system}, {@code destination} and {@code group}
 * with {@code traceId} and {@code spanId}, {@code messaging_process_*} with the outcome,
 * and each failed attempt reported. Every retry of a record is an invocation of its own.
 * <p>
 * Put first in the container's interceptors, so that the user's interceptors run inside
 * the span and with the MDC fields.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class ObservingRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

	private final ListenerInvocations invocations;

	/**
	 * Creates the interceptor.
	 * @param metrics records the process meters
	 * @param tracing starts consumer spans ({@link MessagingTracing#NONE} for none)
	 * @param failures classifies and reports failed invocations
	 */
	public ObservingRecordInterceptor(MessagingMetrics metrics, MessagingTracing tracing, MessagingFailures failures) {
		this.invocations = new ListenerInvocations(metrics, tracing, failures);
	}

	@Override
	public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		this.invocations.startRecord(record.topic(), record.headers());
		return record;
	}

	@Override
	public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		this.invocations.succeeded();
	}

	@Override
	public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
		this.invocations.failed(exception);
	}

	@Override
	public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		this.invocations.abandon();
	}

}
