package dev.observability.http;

import java.util.ArrayDeque;

import dev.observability.core.LabelNames;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Makes the reactive request being measured current on whatever thread runs a piece of
 * its chain: registered with Micrometer's context registry, Reactor's automatic context
 * propagation calls it on every thread hop, and it puts the request's {@code method} and
 * {@code route} into the MDC (the route once the handler mapping has matched it) and
 * takes them out again, restoring what the thread had before.
 */
final class ExchangeContextAccessor implements ThreadLocalAccessor<ExchangeMeasurement> {

	/** Key of the measured request in the Reactor context. */
	static final String KEY = "observability.http.exchange";

	static final ExchangeContextAccessor INSTANCE = new ExchangeContextAccessor();

	private static final ThreadLocal<ArrayDeque<Previous>> stack = ThreadLocal.withInitial(ArrayDeque::new);

	private static final ThreadLocal<ExchangeMeasurement> current = new ThreadLocal<>();

	private ExchangeContextAccessor() {
	}

	/**
	 * Returns the request being measured on this thread, or {@code null}.
	 */
	static @Nullable ExchangeMeasurement current() {
		return current.get();
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable ExchangeMeasurement getValue() {
		return current.get();
	}

	@Override
	public void setValue(ExchangeMeasurement value) {
		stack.get().push(new Previous(current.get(), HttpExchangeRecorder.MDC_KEYS.save()));
		current.set(value);
		MDC.put(LabelNames.METHOD, value.method());
		String route = value.matchedRoute();
		if (route != null) {
			MDC.put(LabelNames.ROUTE, route);
		}
	}

	@Override
	public void setValue() {
		stack.get().push(new Previous(current.get(), HttpExchangeRecorder.MDC_KEYS.save()));
		current.remove();
		MDC.remove(LabelNames.METHOD);
		MDC.remove(LabelNames.ROUTE);
	}

	@Override
	public void restore(ExchangeMeasurement previousValue) {
		restore();
	}

	@Override
	public void restore() {
		Previous previous = stack.get().poll();
		if (previous == null) {
			current.remove();
			return;
		}
		if (previous.measurement() == null) {
			current.remove();
		}
		else {
			current.set(previous.measurement());
		}
		HttpExchangeRecorder.MDC_KEYS.restore(previous.mdc());
	}

	private record Previous(@Nullable ExchangeMeasurement measurement, @Nullable String @Nullable [] mdc) {
	}

}
