package dev.observability.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JBaggageEventListener;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The tracing set-up every benchmark shares: what Boot wires on the OpenTelemetry bridge.
 */
public final class BenchmarkTracing {

	public static final OtelTracer.EventPublisher EVENTS = new OtelTracer.EventPublisher() {

		private final Slf4JEventListener mdc = new Slf4JEventListener();

		private final Slf4JBaggageEventListener baggage = new Slf4JBaggageEventListener(List.of());

		@Override
		public void publishEvent(Object event) {
			this.mdc.onEvent(event);
			this.baggage.onEvent(event);
		}

	};

	static {
		// What Boot's OpenTelemetryEventPublisherBeansApplicationListener does before
		// the first
		// context access: scope changes publish events that put traceId/spanId into
		// the MDC.
		ContextStorage.addWrapper(new EventPublishingContextWrapper(EVENTS));
	}

	public final SdkTracerProvider provider;

	public final OtelTracer tracer;

	public final OtelPropagator propagator;

	public final ContextPropagators propagators;

	public BenchmarkTracing(Sampler sampler) {
		this.provider = SdkTracerProvider.builder()
			.setSampler(sampler)
			.addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
			.build();
		io.opentelemetry.api.trace.Tracer otelTracer = this.provider.get("org.springframework.boot");
		OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
		this.tracer = new OtelTracer(otelTracer, currentTraceContext, EVENTS,
				new OtelBaggageManager(currentTraceContext, List.of(), List.of()));
		this.propagators = ContextPropagators.create(TextMapPropagator
			.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
		this.propagator = new OtelPropagator(this.propagators, otelTracer);
	}

	public void close() {
		this.provider.shutdown().join(5, TimeUnit.SECONDS);
	}

	/**
	 * An observation registry with the handlers Boot registers: the tracing handlers
	 * grouped first-matching (receiver, sender, default), then the meter handler wrapped
	 * for exemplars (TracingAndMeterObservationHandlerGroup); without tracing, the meter
	 * handler alone.
	 */
	public static ObservationRegistry bootObservations(BenchmarkTracing tracing) {
		MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ObservationRegistry observations = ObservationRegistry.create();
		DefaultMeterObservationHandler meterHandler = new DefaultMeterObservationHandler(registry);
		if (tracing == null) {
			observations.observationConfig().observationHandler(meterHandler);
		}
		else {
			observations.observationConfig()
				.observationHandler(new FirstMatchingCompositeObservationHandler(
						new PropagatingReceiverTracingObservationHandler<>(tracing.tracer, tracing.propagator),
						new PropagatingSenderTracingObservationHandler<>(tracing.tracer, tracing.propagator),
						new DefaultTracingObservationHandler(tracing.tracer)))
				.observationHandler(new TracingAwareMeterObservationHandler<>(meterHandler, tracing.tracer));
		}
		return observations;
	}

}
