package dev.observability.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes trace context fields in Kafka record headers, as UTF-8 text. Writing a
 * field replaces every header of that name, so a record never carries two contexts.
 */
final class KafkaHeaderCarrier {

	static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Headers carrier) {
			List<String> keys = new ArrayList<>();
			for (Header header : carrier) {
				keys.add(header.key());
			}
			return keys;
		}

		@Override
		public String get(Headers carrier, String key) {
			return (carrier != null) ? KafkaHeaderCarrier.get(carrier, key) : null;
		}

	};

	static final TextMapSetter<Headers> SETTER = KafkaHeaderCarrier::set;

	private KafkaHeaderCarrier() {
	}

	static String get(Headers headers, String key) {
		Header header = headers.lastHeader(key);
		byte[] value = (header != null) ? header.value() : null;
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	static void set(Headers headers, String key, String value) {
		if (headers == null) {
			return;
		}
		headers.remove(key);
		headers.add(key, value.getBytes(StandardCharsets.UTF_8));
	}

}
