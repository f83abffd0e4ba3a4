package dev.observability.context;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Puts the span that the tracing handler created for an observation back in scope;
 * opening the scope also puts its trace ids in the MDC.
 */
final class TracingRunScope implements ScheduledJobObservationHandler.RunScope {

	private final Tracer tracer;

	TracingRunScope(Tracer tracer) {
		this.tracer = tracer;
	}

	static ScheduledJobObservationHandler.RunScope of(ListableBeanFactory beanFactory) {
		Tracer tracer = beanFactory.getBeanProvider(Tracer.class).getIfUnique();
		return (tracer != null) ? new TracingRunScope(tracer) : ScheduledJobObservationHandler.RunScope.NONE;
	}

	@Override
	public AutoCloseable reopen(Observation.Context context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span == null) {
			return () -> {
			};
		}
		Tracer.SpanInScope scope = this.tracer.withSpan(span);
		return scope::close;
	}

}
