package dev.observability.messaging;

import dev.observability.errors.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Headers;

/**
 * Starts and ends the spans of sends and listener invocations, and carries the trace
 * context in record headers. {@link #NONE} is used when tracing is absent.
 */
public interface MessagingTracing {

	/** Creates no spans and writes no headers. */
	MessagingTracing NONE = new MessagingTracing() {
	};

	/**
	 * Starts a producer span as a child of the current span and writes its context
	 * ({@code traceparent}, and B3 when configured) into the record's headers. A record
	 * that already carries a trace context (spring-kafka's own observation wrote it, or
	 * the record is forwarded, as the dead-letter recoverer does) is sent as it is,
	 * without a span of the starter's.
	 * @param topic the record's topic
	 * @param headers the record's headers
	 * @return the started span
	 */
	default SendSpan startSend(String topic, Headers headers) {
		return SendSpan.NONE;
	}

	/**
	 * Starts the consumer span of one record, a child of the producer's span when the
	 * headers carry a valid context, the root of a new trace otherwise, and puts it in
	 * scope. When a span is already in scope on the listener thread (spring-kafka's own
	 * observation started it), no second span is started.
	 * @param headers the record's headers
	 * @param topic the record's topic
	 * @param group the consumer group, or {@code null}
	 * @return the started span, in scope until it ends
	 */
	default ProcessSpan startProcess(Headers headers, String topic, String group) {
		return ProcessSpan.NONE;
	}

	/**
	 * Starts one consumer span for a batch, the root of a new trace, linked to the
	 * context each record carries, and puts it in scope.
	 * @param records the batch
	 * @param topic the {@code destination} of the batch (the topic of its records, or the
	 * first one's when they come from several)
	 * @param group the consumer group, or {@code null}
	 * @return the started span, in scope until it ends
	 */
	default ProcessSpan startBatch(ConsumerRecords<?, ?> records, String topic, String group) {
		return ProcessSpan.NONE;
	}

	/**
	 * A started producer span.
	 */
	interface SendSpan {

		/** A span that does nothing. */
		SendSpan NONE = new SendSpan() {
		};

		/**
		 * Ends the span; every code but {@code OK} is an error.
		 * @param code {@code OK} or the code of the failure
		 * @param error the exception, or {@code null}
		 */
		default void end(ErrorCode code, Throwable error) {
		}

	}

	/**
	 * A started consumer span, in scope on the listener thread until it ends.
	 */
	interface ProcessSpan {

		/** A span that does nothing. */
		ProcessSpan NONE = new ProcessSpan() {
		};

		/**
		 * Takes the span out of scope (restoring what the thread had) and ends it; every
		 * code but {@code OK} is an error.
		 * @param code {@code OK} or the code of the failure
		 * @param error the exception, or {@code null}
		 */
		default void end(ErrorCode code, Throwable error) {
		}

	}

}
