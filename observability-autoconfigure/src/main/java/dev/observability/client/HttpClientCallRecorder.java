package dev.observability.client;

import java.net.URI;
import java.util.List;

import dev.observability.core.HttpMethods;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What the RestClient and RestTemplate observation handler and the WebClient filter
 * share: turns a call into its labels, starts its client span, and when it ends records
 * its metrics, ends the span and tells the {@link HttpClientExceptionListener}s of a
 * failure (which count it in {@code errors_total{source="http_client"}}), each exactly
 * once.
 */
public class HttpClientCallRecorder {

	private final HttpClientMetrics metrics;

	private final HttpClientLabels labels;

	private final HttpClientTracing tracing;

	private final List<HttpClientExceptionListener> listeners;

	/**
	 * Creates the recorder.
	 * @param metrics records the client meters
	 * @param labels bounds the route and peer labels
	 * @param tracing starts client spans ({@link HttpClientTracing#NONE} for none)
	 * @param listeners told about failed calls (none when errors are not counted)
	 */
	public HttpClientCallRecorder(HttpClientMetrics metrics, HttpClientLabels labels, HttpClientTracing tracing,
			List<HttpClientExceptionListener> listeners) {
		this.metrics = metrics;
		this.labels = labels;
		this.tracing = tracing;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Starts measuring a call and writes its trace context into the request headers.
	 * @param method the request method
	 * @param uri the target
	 * @param uriTemplate the URI template the caller used, or {@code null}
	 * @param headers the request headers, receiving the trace context
	 * @return the running call
	 */
	public Call start(String method, URI uri, @Nullable String uriTemplate, HttpHeaders headers) {
		String methodLabel = HttpMethods.normalize(method);
		String peer = this.labels.peer(uri);
		HttpClientTracing.ClientSpan span = this.tracing.start(methodLabel, peer);
		Call call = new Call(methodLabel, peer, this.labels.route(uriTemplate), span, System.nanoTime());
		span.inject(headers);
		return call;
	}

	/**
	 * One running call. Whichever of {@link #responded}, {@link #failed} or
	 * {@link #cancelled} comes first records it; later ones do nothing.
	 */
	public final class Call {

		private final String method;

		private final String peer;

		private final String route;

		private final HttpClientTracing.ClientSpan span;

		private final long startNanos;

		private volatile boolean finished;

		Call(String method, String peer, String route, HttpClientTracing.ClientSpan span, long startNanos) {
			this.method = method;
			this.peer = peer;
			this.route = route;
			this.span = span;
			this.startNanos = startNanos;
		}

		/** The route label of the call. */
		public String route() {
			return this.route;
		}

		/**
		 * The response arrived.
		 * @param status its status
		 * @param errorExceptionName the simple name of the exception the client raises
		 * for an error status, the {@code exception} label of {@code errors_total}
		 */
		public void responded(int status, String errorExceptionName) {
			if (finish()) {
				try {
					record(status);
					if (status >= 400) {
						for (HttpClientExceptionListener listener : HttpClientCallRecorder.this.listeners) {
							listener.onErrorResponse(status, errorExceptionName);
						}
					}
				}
				finally {
					this.span.end(this.route, status, null);
				}
			}
		}

		/**
		 * The call failed without a response.
		 * @param error what it failed with
		 */
		public void failed(Throwable error) {
			if (finish()) {
				try {
					record(HttpClientMetrics.NO_STATUS);
					for (HttpClientExceptionListener listener : HttpClientCallRecorder.this.listeners) {
						listener.onFailure(error);
					}
				}
				finally {
					this.span.end(this.route, HttpClientMetrics.NO_STATUS, error);
				}
			}
		}

		/**
		 * The caller gave up on the call before a response came (a reactive cancel);
		 * measured as {@code NO_RESPONSE}, not counted as an error, since the caller's
		 * reason is not known here.
		 */
		public void cancelled() {
			if (finish()) {
				try {
					record(HttpClientMetrics.NO_STATUS);
				}
				finally {
					this.span.end(this.route, HttpClientMetrics.NO_STATUS, null);
				}
			}
		}

		private boolean finish() {
			if (this.finished) {
				return false;
			}
			synchronized (this) {
				if (this.finished) {
					return false;
				}
				this.finished = true;
				return true;
			}
		}

		private void record(int status) {
			HttpClientCallRecorder.this.metrics.record(this.method, this.peer, this.route, status,
					System.nanoTime() - this.startNanos);
		}

	}

}
