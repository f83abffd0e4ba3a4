package dev.observability.messaging;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Measures and traces every invocation of a batch listener: one consumer span per batch,
 * the root of a new trace linked to the context each record carries; the MDC fields
 * {@code system}, {@code destination} and {@code group} with {@code traceId} and
 * {@code spanId} of the batch span; {@code messaging_process_*} once per invocation with
 * the outcome; each failed attempt reported.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class ObservingBatchInterceptor<K, V> implements BatchInterceptor<K, V> {

	private final ListenerInvocations invocations;

	/**
	 * Creates the interceptor.
	 * @param metrics records the process meters
	 * @param tracing starts consumer spans ({@link MessagingTracing#NONE} for none)
	 * @param failures classifies and reports failed invocations
	 */
	public ObservingBatchInterceptor(MessagingMetrics metrics, MessagingTracing tracing, MessagingFailures failures) {
		this.invocations = new ListenerInvocations(metrics, tracing, failures);
	}

	@Override
	public ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		this.invocations.startBatch(records);
		return records;
	}

	@Override
	public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		this.invocations.succeeded();
	}

	@Override
	public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
		this.invocations.failed(exception);
	}

}
