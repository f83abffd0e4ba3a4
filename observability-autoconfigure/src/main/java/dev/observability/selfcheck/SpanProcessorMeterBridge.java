package dev.observability.selfcheck;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * The OpenTelemetry {@link MeterProvider} Spring Boot hands to its
 * {@code BatchSpanProcessor}: it passes the processor's own instruments on to
 * {@link SpanExportHealth}, and nothing else. The processor reports spans it dropped from
 * a full queue on its {@code processedSpans} counter ({@code dropped=true}) and its queue
 * on the {@code queueSize} gauge (OpenTelemetry SDK 1.55, the version Spring Boot 4.0
 * manages); every other instrument, of any scope, is OpenTelemetry's no-op one.
 * <p>
 * It is no metrics pipeline: nothing is exported, the values land in the Micrometer
 * meters of {@link SpanExportHealth}.
 */
final class SpanProcessorMeterBridge implements MeterProvider {

	/** Instrumentation scope of the SDK's span processors. */
	static final String TRACE_SDK_SCOPE = "io.opentelemetry.sdk.trace";

	static final String PROCESSED_SPANS = "processedSpans";

	static final String QUEUE_SIZE = "queueSize";

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private static final MeterProvider NOOP = MeterProvider.noop();

	private final SpanExportHealth health;

	SpanProcessorMeterBridge(SpanExportHealth health) {
		this.health = health;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		MeterBuilder noop = NOOP.meterBuilder(instrumentationScopeName);
		return TRACE_SDK_SCOPE.equals(instrumentationScopeName) ? new TraceSdkMeterBuilder(noop) : noop;
	}

	private final class TraceSdkMeterBuilder implements MeterBuilder {

		private final MeterBuilder noop;

		TraceSdkMeterBuilder(MeterBuilder noop) {
			this.noop = noop;
		}

		@Override
		public MeterBuilder setSchemaUrl(String schemaUrl) {
			return this;
		}

		@Override
		public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
			return this;
		}

		@Override
		public Meter build() {
			return new TraceSdkMeter(this.noop.build());
		}

	}

	private final class TraceSdkMeter implements Meter {

		private final Meter noop;

		TraceSdkMeter(Meter noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder noopBuilder = this.noop.counterBuilder(name);
			return PROCESSED_SPANS.equals(name) ? new ProcessedSpansBuilder(noopBuilder) : noopBuilder;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return this.noop.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.noop.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			DoubleGaugeBuilder noopBuilder = this.noop.gaugeBuilder(name);
			return QUEUE_SIZE.equals(name) ? new QueueSizeBuilder(noopBuilder) : noopBuilder;
		}

	}

	/** {@code processedSpans}: only the dropped ones are of interest. */
	private final class ProcessedSpansBuilder implements LongCounterBuilder, LongCounter {

		private final LongCounterBuilder noop;

		ProcessedSpansBuilder(LongCounterBuilder noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.noop.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return this;
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.noop.buildWithCallback(callback);
		}

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			if (Boolean.TRUE.equals(attributes.get(DROPPED))) {
				SpanProcessorMeterBridge.this.health.droppedQueueFull(value);
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

	/** {@code queueSize}: a double gauge builder turned into a long one. */
	private final class QueueSizeBuilder implements DoubleGaugeBuilder {

		private final DoubleGaugeBuilder noop;

		QueueSizeBuilder(DoubleGaugeBuilder noop) {
			this.noop = noop;
		}

		@Override
		public DoubleGaugeBuilder setDescription(String description) {
			return this;
		}

		@Override
		public DoubleGaugeBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public LongGaugeBuilder ofLongs() {
			return new LongQueueSizeBuilder();
		}

		@Override
		public ObservableDoubleGauge buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
			return this.noop.buildWithCallback(callback);
		}

	}

	/** {@code queueSize} as the processor builds it: read through its callback. */
	private final class LongQueueSizeBuilder implements LongGaugeBuilder {

		@Override
		public LongGaugeBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongGaugeBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public ObservableLongGauge buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			SpanProcessorMeterBridge.this.health.watchQueue(() -> read(callback));
			return new ObservableLongGauge() {
			};
		}

		private static long read(Consumer<ObservableLongMeasurement> callback) {
			LastValue value = new LastValue();
			callback.accept(value);
			return value.value;
		}

	}

	/** Keeps what a gauge callback records. */
	private static final class LastValue implements ObservableLongMeasurement {

		private long value;

		@Override
		public void record(long value) {
			this.value = value;
		}

		@Override
		public void record(long value, Attributes attributes) {
			this.value = value;
		}

	}

}
