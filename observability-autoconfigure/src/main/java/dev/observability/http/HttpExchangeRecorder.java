package dev.observability.http;

import java.util.List;

import dev.observability.core.HttpStatusCodes;
import dev.observability.core.LabelNames;
import dev.observability.core.MdcKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * What the servlet filter and the reactive filter do once a request has its status and
 * route: the labels into the MDC, the metrics (while the span is in scope, so latency
 * buckets carry it as an exemplar), the access log line, the exception listeners, and the
 * end of the span.
 */
final class HttpExchangeRecorder {

	/**
	 * The MDC entries of a request, saved before it touches them and restored afterwards.
	 */
	static final MdcKeys MDC_KEYS = MdcKeys.of(LabelNames.METHOD, LabelNames.ROUTE, LabelNames.CODE);

	private final HttpRequestMetrics metrics;

	private final AccessLogWriter accessLog;

	private final List<HttpExceptionListener> exceptionListeners;

	HttpExchangeRecorder(HttpRequestMetrics metrics, AccessLogWriter accessLog,
			List<HttpExceptionListener> exceptionListeners) {
		this.metrics = metrics;
		this.accessLog = accessLog;
		this.exceptionListeners = List.copyOf(exceptionListeners);
	}

	/**
	 * Records a finished request. Call with its span in scope; the caller restores the
	 * MDC.
	 * @param method the normalized method
	 * @param route the route label
	 * @param status the response status
	 * @param durationNanos the request's duration
	 * @param exception the exception that decided the outcome, or {@code null}
	 * @param handled whether an exception handler turned it into a response
	 * @param span the request's server span
	 */
	void record(String method, String route, int status, long durationNanos, @Nullable Throwable exception,
			boolean handled, HttpServerTracing.ServerSpan span) {
		MDC.put(LabelNames.ROUTE, route);
		MDC.put(LabelNames.CODE, HttpStatusCodes.text(status));
		this.metrics.record(method, route, status, durationNanos);
		this.accessLog.write(method, route, status, durationNanos);
		Throwable spanError = exception;
		if (exception != null && !notifyListeners(exception, handled, status)) {
			// A listener classified it as business-normal: the status alone decides the
			// span.
			spanError = null;
		}
		span.end(method, route, status, spanError);
	}

	/** Returns {@code false} when a listener said the exception is business-normal. */
	private boolean notifyListeners(Throwable exception, boolean handled, int status) {
		boolean error = true;
		for (HttpExceptionListener listener : this.exceptionListeners) {
			try {
				error &= listener.onException(exception, handled, status);
			}
			catch (RuntimeException ex) {
				// A failing listener must not change the response or lose the
				// measurement.
			}
		}
		return error;
	}

}
