package dev.observability.grpc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes propagation fields in gRPC metadata, with the keys created once per
 * field name.
 */
final class MetadataCarrier {

	private static final ConcurrentMap<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

	private MetadataCarrier() {
	}

	static @Nullable String get(Metadata metadata, String name) {
		Metadata.Key<String> key = key(name);
		return (key != null) ? metadata.get(key) : null;
	}

	static void put(Metadata metadata, String name, String value) {
		Metadata.Key<String> key = key(name);
		if (key != null) {
			metadata.removeAll(key);
			metadata.put(key, value);
		}
	}

	private static Metadata.@Nullable Key<String> key(String name) {
		Metadata.Key<String> key = KEYS.get(name);
		if (key == null && isAsciiField(name)) {
			key = KEYS.computeIfAbsent(name, (field) -> Metadata.Key.of(field, Metadata.ASCII_STRING_MARSHALLER));
		}
		return key;
	}

	/** Binary fields ({@code -bin}) and pseudo headers cannot carry text: ignore them. */
	private static boolean isAsciiField(String name) {
		return !name.isEmpty() && !name.startsWith(":") && !name.endsWith(Metadata.BINARY_HEADER_SUFFIX);
	}

}
