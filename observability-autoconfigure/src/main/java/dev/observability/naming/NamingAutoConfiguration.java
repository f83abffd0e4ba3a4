package dev.observability.naming;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Checks meter names and bounds tag cardinality when meters are registered, and corrects
 * the framework meters whose names break Prometheus conventions.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.naming.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NamingProperties.class)
public final class NamingAutoConfiguration {

	/** Cardinality first, so per-meter caps use the names the code registers. */
	static final int CARDINALITY_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final int CORRECTIONS_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	static final int NAMING_ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

	@Bean
	@ConditionalOnMissingBean
	NamingViolations namingViolations() {
		return new NamingViolations();
	}

	@Bean
	@ConditionalOnMissingBean
	MeterNameCheck meterNameCheck(NamingProperties properties) {
		return new MeterNameCheck(namingConvention(), properties.getNamespace(), properties.getFrameworkPrefixes());
	}

	@Bean
	@Order(CORRECTIONS_ORDER)
	@ConditionalOnMissingBean
	FrameworkMeterCorrections frameworkMeterCorrections() {
		return new FrameworkMeterCorrections();
	}

	@Bean
	@Order(NAMING_ORDER)
	@ConditionalOnMissingBean
	MeterNamingGuard meterNamingGuard(MeterNameCheck check, NamingProperties properties, NamingViolations violations) {
		return new MeterNamingGuard(check, properties.getMode(), violations);
	}

	@Bean
	@Order(CARDINALITY_ORDER)
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.naming.cardinality.enabled", matchIfMissing = true)
	CardinalityGuard cardinalityGuard(NamingProperties properties) {
		NamingProperties.Cardinality cardinality = properties.getCardinality();
		return new CardinalityGuard(cardinality.getMaxValuesPerTag(), cardinality.getMeters(),
				cardinality.getMaxValueLength(), cardinality.getMaxTrackedMeters());
	}

	private static NamingConvention namingConvention() {
		if (ClassUtils.isPresent("io.micrometer.prometheusmetrics.PrometheusNamingConvention",
				NamingAutoConfiguration.class.getClassLoader())) {
			return PrometheusConvention.INSTANCE;
		}
		return NamingConvention.snakeCase;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterRegistry.class)
	static class AppMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AppMetrics appMetrics(MeterRegistry registry, MeterNameCheck check, NamingProperties properties) {
			return new AppMetrics(registry, check, properties.getNamespace());
		}

	}

	/**
	 * Kafka client meters in milliseconds and nanoseconds, kept out by the corrections
	 * under their names, registered in seconds.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.kafka.core.MicrometerProducerListener")
	@ConditionalOnBean(MeterRegistry.class)
	static class KafkaClientMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static KafkaClientMetersInSeconds kafkaClientMetersInSeconds(ObjectProvider<MeterRegistry> registry) {
			return new KafkaClientMetersInSeconds(registry::getObject);
		}

	}

	/**
	 * Keeps the Prometheus registry's class out of this class's signature so it loads
	 * without it.
	 */
	private static final class PrometheusConvention {

		static final NamingConvention INSTANCE = new PrometheusNamingConvention();

	}

}
