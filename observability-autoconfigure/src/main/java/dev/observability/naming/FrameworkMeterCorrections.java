package dev.observability.naming;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Honest fixes for framework meters whose Prometheus names break the conventions, so that
 * the whole scrape passes {@code promtool check metrics}:
 * <ul>
 * <li>meters whose names carry abbreviated units are replaced by converted ones:
 * {@code process_cpu_time_ns_total} by {@code process_cpu_seconds_total} and
 * {@code jvm_compilation_time_ms_total} by {@code jvm_compilation_seconds_total}, with
 * values converted to seconds;</li>
 * <li>{@code system_cpu_count}, a gauge with the histogram suffix {@code _count}, is
 * renamed to {@code system_cpu_logical_processors} (same value);</li>
 * <li>meters registered without a description get a real one from a curated table
 * (Kafka's per-node request latencies among them);</li>
 * <li>Kafka client meters (bound by Spring Boot for every producer and consumer): those
 * whose values are in nanoseconds or milliseconds
 * ({@code kafka_producer_io_time_ns_total}, {@code kafka_app_info_start_time_ms}, …) are
 * kept out under these names, because a filter cannot rescale a value another library
 * reads, and {@link KafkaClientMetersInSeconds} registers them in seconds instead
 * ({@code kafka_producer_io_time_seconds_total},
 * {@code kafka_app_info_start_time_seconds}); {@code kafka_*_connection_count}, a gauge
 * with the histogram suffix {@code _count}, is renamed to {@code kafka_*_connections}
 * (same value).</li>
 * </ul>
 */
public class FrameworkMeterCorrections implements MeterFilter, MeterBinder {

	private static final Set<String> REPLACED = Set.of("process.cpu.time", "jvm.compilation.time");

	private static final String KAFKA_PREFIX = "kafka.";

	/**
	 * What Micrometer's Kafka binder registers, and removes at once, to read the common
	 * tags of a registry: denied, it still gives the binder the tags, and it is neither
	 * judged nor counted as a naming violation.
	 */
	private static final String MICROMETER_KAFKA_PROBE = "delete.this";

	private static final String KAFKA_CONNECTION_COUNT = ".connection.count";

	private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpu.logical.processors");

	private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
			Map.entry("tomcat.sessions.active.current", "Sessions currently active in the Tomcat session manager"),
			Map.entry("tomcat.sessions.active.max", "Largest number of sessions active at the same time"),
			Map.entry("tomcat.sessions.alive.max", "Longest time an expired session had been alive"),
			Map.entry("tomcat.sessions.created", "Sessions created by the Tomcat session manager"),
			Map.entry("tomcat.sessions.expired", "Sessions that expired"),
			Map.entry("tomcat.sessions.rejected",
					"Sessions refused because the maximum number of active sessions was reached"),
			Map.entry("http.server.requests", "HTTP server requests observed by Spring's observation filter"),
			Map.entry("http.client.requests", "HTTP client requests observed by Spring's observation support"),
			Map.entry("tasks.scheduled.execution", "Executions of @Scheduled tasks"),
			Map.entry("tasks.scheduled.execution.active", "@Scheduled tasks currently executing"),
			Map.entry("kafka.producer.node.request.latency.avg",
					"Average latency of the producer's requests to this broker node, in milliseconds (Kafka's unit)"),
			Map.entry("kafka.producer.node.request.latency.max",
					"Longest latency of the producer's requests to this broker node, in milliseconds (Kafka's unit)"),
			Map.entry("kafka.consumer.node.request.latency.avg",
					"Average latency of the consumer's requests to this broker node, in milliseconds (Kafka's unit)"),
			Map.entry("kafka.consumer.node.request.latency.max",
					"Longest latency of the consumer's requests to this broker node, in milliseconds (Kafka's unit)"));

	/**
	 * Whether a framework meter of that name is kept out of the registry because a
	 * converted one replaces it (the JVM's here, Kafka's by
	 * {@link KafkaClientMetersInSeconds}).
	 */
	public static boolean isReplaced(String meterName) {
		return REPLACED.contains(meterName) || isKafkaAbbreviatedUnit(meterName)
				|| MICROMETER_KAFKA_PROBE.equals(meterName);
	}

	/**
	 * A Kafka client meter whose name carries its unit abbreviated ({@code ns},
	 * {@code ms}): its values are not in base units.
	 */
	private static boolean isKafkaAbbreviatedUnit(String meterName) {
		return meterName.startsWith(KAFKA_PREFIX) && MetersInSeconds.isConvertible(meterName);
	}

	private static @Nullable String renamed(String meterName) {
		String renamed = RENAMED.get(meterName);
		if (renamed == null && meterName.startsWith(KAFKA_PREFIX) && meterName.endsWith(KAFKA_CONNECTION_COUNT)) {
			renamed = meterName.substring(0, meterName.length() - KAFKA_CONNECTION_COUNT.length()) + ".connections";
		}
		return renamed;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		Meter.Id mapped = id;
		String renamed = renamed(id.getName());
		if (renamed != null) {
			mapped = mapped.withName(renamed);
		}
		if (mapped.getDescription() == null || mapped.getDescription().isBlank()) {
			String description = DESCRIPTIONS.get(id.getName());
			if (description != null) {
				mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()), mapped.getBaseUnit(),
						description, mapped.getType());
			}
		}
		return mapped;
	}

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return isReplaced(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sunOs && sunOs.getProcessCpuTime() >= 0) {
			FunctionCounter.builder("process.cpu", sunOs, (bean) -> bean.getProcessCpuTime() / 1e9)
				.description("CPU time used by the JVM process")
				.baseUnit("seconds")
				.register(registry);
		}
		CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
		if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
			FunctionCounter.builder("jvm.compilation", compilation, (bean) -> bean.getTotalCompilationTime() / 1e3)
				.description("Time spent by the JIT compiler")
				.baseUnit("seconds")
				.tag("compiler", String.valueOf(compilation.getName()))
				.register(registry);
		}
	}

}
