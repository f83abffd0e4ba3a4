package dev.observability.messaging;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.observability.errors.ErrorCode;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Measures and traces every record a Kafka producer sends: added to a producer factory
 * ({@code DefaultKafkaProducerFactory.addPostProcessor}), it wraps each producer the
 * factory creates, so that every {@code KafkaTemplate} on that factory, and anything else
 * that sends through it, is covered.
 * <p>
 * Per send: a producer span, a child of the current span, whose context goes into the
 * record headers; {@code messaging_publish_total} and
 * {@code messaging_publish_duration_seconds} from the send until the broker acknowledged
 * the record or the send failed, with {@code OK} or the failure's canonical code; and a
 * failure reported to the {@link MessagingFailures}. A send that throws at once is
 * measured the same way and the exception rethrown unchanged.
 * <p>
 * The producer is wrapped in a JDK proxy that handles the two {@code send} methods and
 * hands every other call to the producer as it is, so a method added to Kafka's
 * {@code Producer} interface in a later client version is passed through untouched.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class KafkaSendInstrumentation<K, V> implements ProducerPostProcessor<K, V> {

	private final MessagingMetrics metrics;

	private final MessagingTracing tracing;

	private final MessagingFailures failures;

	/**
	 * Creates the instrumentation.
	 * @param metrics records the publish meters
	 * @param tracing starts producer spans ({@link MessagingTracing#NONE} for none)
	 * @param failures classifies and reports failed sends
	 */
	public KafkaSendInstrumentation(MessagingMetrics metrics, MessagingTracing tracing, MessagingFailures failures) {
		this.metrics = metrics;
		this.tracing = tracing;
		this.failures = failures;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Producer<K, V> apply(Producer<K, V> producer) {
		if (Proxy.isProxyClass(producer.getClass())
				&& Proxy.getInvocationHandler(producer) instanceof ObservedProducer<?, ?>) {
			return producer;
		}
		return (Producer<K, V>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
				new Class<?>[] { Producer.class }, new ObservedProducer<>(producer, this));
	}

	/**
	 * Sends a record through the producer, measured and traced.
	 * @param producer the producer
	 * @param record the record
	 * @param callback the caller's callback, or {@code null}
	 * @return what the producer returned
	 */
	Future<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record, Callback callback) {
		long startNanos = System.nanoTime();
		String destination = this.metrics.destination(record.topic());
		MessagingTracing.SendSpan span = this.tracing.startSend(record.topic(), record.headers());
		Completion completion = new Completion(destination, span, callback, startNanos);
		try {
			return producer.send(record, completion);
		}
		catch (RuntimeException | Error ex) {
			completion.finish(ex);
			throw ex;
		}
	}

	private final class Completion extends AtomicBoolean implements Callback {

		private static final long serialVersionUID = 1L;

		private final String destination;

		private final MessagingTracing.SendSpan span;

		private final Callback callback;

		private final long startNanos;

		Completion(String destination, MessagingTracing.SendSpan span, Callback callback, long startNanos) {
			this.destination = destination;
			this.span = span;
			this.callback = callback;
			this.startNanos = startNanos;
		}

		@Override
		public void onCompletion(RecordMetadata metadata, Exception exception) {
			try {
				finish(exception);
			}
			finally {
				if (this.callback != null) {
					this.callback.onCompletion(metadata, exception);
				}
			}
		}

		/** Records the outcome once, whichever of callback and throw comes first. */
		void finish(Throwable exception) {
			if (!compareAndSet(false, true)) {
				return;
			}
			ErrorCode code = ErrorCode.OK;
			try {
				if (exception != null) {
					code = KafkaSendInstrumentation.this.failures.failed(exception, true);
				}
				KafkaSendInstrumentation.this.metrics.published(this.destination, code,
						System.nanoTime() - this.startNanos);
			}
			finally {
				this.span.end(code, exception);
			}
		}

	}

	private static final class ObservedProducer<K, V> implements InvocationHandler {

		private final Producer<K, V> producer;

		private final KafkaSendInstrumentation<K, V> instrumentation;

		ObservedProducer(Producer<K, V> producer, KafkaSendInstrumentation<K, V> instrumentation) {
			this.producer = producer;
			this.instrumentation = instrumentation;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if ("send".equals(method.getName()) && args != null && args.length >= 1
					&& args[0] instanceof ProducerRecord<?, ?> record) {
				Callback callback = (args.length > 1) ? (Callback) args[1] : null;
				return this.instrumentation.send(this.producer, (ProducerRecord<K, V>) record, callback);
			}
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "Observed" + this.producer;
				default -> invokeProducer(method, args);
			};
		}

		private Object invokeProducer(Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(this.producer, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
