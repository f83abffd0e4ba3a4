package dev.observability.messaging;

import dev.observability.benchmarks.BenchmarkTracing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.observability.errors.ErrorClassifierChain;
import dev.observability.core.LatencyBuckets;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The producer-side cost of one {@code KafkaTemplate.send}: the starter's send
 * instrumentation (producer span, {@code traceparent} header,
 * {@code messaging_publish_*}) next to spring-kafka's own observation as Boot turns it on
 * ({@code spring.kafka.template.observation-enabled=true}: span, header and timer through
 * Micrometer's observation handlers), and next to a plain template with neither.
 * <p>
 * The template sends to Kafka's {@link MockProducer}, which completes every send at once
 * on the calling thread: no network, no broker, no I/O thread, so what is measured is the
 * template, the header injection and the metrics. The history the mock keeps is cleared
 * after every send. Each send starts with no span in scope (a new trace). Tracing is the
 * OpenTelemetry SDK behind Micrometer Tracing as in {@code HttpFilterBenchmark}:
 * {@code sampled} uses {@link Sampler#alwaysOn()} (spans go to a batch processor with no
 * exporter), else {@link Sampler#alwaysOff()}.
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar KafkaProducerBenchmark -f1 -wi 2 -i 3 -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class KafkaProducerBenchmark {

	private static final String TOPIC = "orders";

	@Param({ "false", "true" })
	public boolean sampled;

	private BenchmarkTracing tracing;

	private SharedMockProducer plainProducer;

	private KafkaTemplate<String, String> plain;

	private SharedMockProducer starterProducer;

	private KafkaTemplate<String, String> starter;

	private SharedMockProducer bootProducer;

	private KafkaTemplate<String, String> boot;

	@Setup(Level.Trial)
	public void setUp() {
		this.tracing = new BenchmarkTracing(this.sampled ? Sampler.alwaysOn() : Sampler.alwaysOff());

		this.plainProducer = new SharedMockProducer();
		Producer<String, String> plainShared = this.plainProducer;
		this.plain = template(() -> plainShared);

		this.starterProducer = new SharedMockProducer();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		KafkaSendInstrumentation<String, String> instrumentation = new KafkaSendInstrumentation<>(
				new MessagingMetrics(registry, MessagingMetrics.KAFKA, LatencyBuckets.defaults(), 100, 50),
				new OtelMessagingTracing(this.tracing.provider.get("org.springframework.boot"),
						this.tracing.propagators),
				new MessagingFailures(ErrorClassifierChain.standard(), List.of()));
		// As DefaultKafkaProducerFactory does: its post-processors wrap the one shared
		// producer once.
		Producer<String, String> starterShared = instrumentation.apply(this.starterProducer);
		this.starter = template(() -> starterShared);

		this.bootProducer = new SharedMockProducer();
		Producer<String, String> bootShared = this.bootProducer;
		this.boot = template(() -> bootShared);
		this.boot.setObservationEnabled(true);
		this.boot.setObservationRegistry(BenchmarkTracing.bootObservations(this.tracing));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.plain.destroy();
		this.starter.destroy();
		this.boot.destroy();
		this.tracing.close();
	}

	@Benchmark
	public Object plainTemplate() {
		Object sent = this.plain.send(TOPIC, "key", "order-placed");
		this.plainProducer.clear();
		return sent;
	}

	@Benchmark
	public Object starterInstrumentation() {
		Object sent = this.starter.send(TOPIC, "key", "order-placed");
		this.starterProducer.clear();
		return sent;
	}

	@Benchmark
	public Object bootObservation() {
		Object sent = this.boot.send(TOPIC, "key", "order-placed");
		this.bootProducer.clear();
		return sent;
	}

	private static KafkaTemplate<String, String> template(ProducerFactory<String, String> factory) {
		KafkaTemplate<String, String> template = new KafkaTemplate<>(factory);
		template.setMicrometerEnabled(false);
		return template;
	}

	/**
	 * Kafka's mock producer, completing every send at once, kept open across sends as
	 * DefaultKafkaProducerFactory keeps its shared producer (the template closes the
	 * producer after each send; the factory's wrapper ignores that).
	 */
	static final class SharedMockProducer extends MockProducer<String, String> {

		SharedMockProducer() {
			super(true, null, new StringSerializer(), new StringSerializer());
		}

		@Override
		public void close() {
		}

		@Override
		public void close(Duration timeout) {
		}

	}

}
