package dev.observability.grpc;

/**
 * A span put in scope on the current thread; closing it restores what was there before.
 */
@FunctionalInterface
public interface SpanScope extends AutoCloseable {

	/** A scope that does nothing. */
	SpanScope NOOP = () -> {
	};

	@Override
	void close();

}
