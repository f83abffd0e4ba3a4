package dev.observability.http;

import dev.observability.core.AdoptedServerSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Server spans of a Java agent: when the OpenTelemetry Java agent has already started the
 * request's server span (it instruments Tomcat, Jetty, Undertow and Netty before any
 * filter runs), the starter starts none and puts the agent's span in scope for its MDC
 * entries, exemplars and the request's own spans. A request that arrives without a
 * current span (the agent's instrumentation for that server is off after all) gets a span
 * from the given tracing, so every request still has exactly one server span.
 * <p>
 * The agent's span is neither renamed nor ended here: the agent names it by the route and
 * ends it when the response is complete.
 */
class AgentHttpServerTracing implements HttpServerTracing {

	private final HttpServerTracing own;

	/**
	 * Creates the tracing.
	 * @param own starts a server span for a request that has none
	 */
	AgentHttpServerTracing(HttpServerTracing own) {
		this.own = own;
	}

	@Override
	public <R> SpanStarter<R> starter(RequestHeaders<R> headers) {
		SpanStarter<R> own = this.own.starter(headers);
		return (request) -> {
			Context adopted = AdoptedServerSpan.current();
			if (adopted == null) {
				return own.start(request);
			}
			AgentServerSpan span = new AgentServerSpan(adopted);
			span.openScope();
			return span;
		};
	}

	private static final class AgentServerSpan extends ContextServerSpan {

		AgentServerSpan(Context context) {
			super(context);
		}

		@Override
		Scope attach(Context context) {
			return AdoptedServerSpan.open(context);
		}

	}

}
