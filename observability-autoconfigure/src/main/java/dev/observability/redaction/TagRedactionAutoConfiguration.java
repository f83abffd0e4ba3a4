package dev.observability.redaction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Redacts sensitive tags on every meter registry, at registration time, so no secret or
 * personal data is stored or exported.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(MeterFilter.class)
@ConditionalOnBooleanProperty(name = "observability.endpoint.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.endpoint.redaction.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TagRedactionProperties.class)
public final class TagRedactionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TagRedactor tagRedactor(TagRedactionProperties properties) {
		return new TagRedactor(properties.getKeyPatterns(), properties.getValueDetectors(),
				properties.getDetectorExemptKeys());
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RedactingMeterFilter redactingMeterFilter(TagRedactor redactor, TagRedactionProperties properties) {
		return new RedactingMeterFilter(redactor, properties.getDenyMeters());
	}

	/**
	 * Spring Boot applies meter filters to every registry but its own composite; the
	 * composite keeps ids of its own, which {@code /actuator/metrics} reads when there
	 * are several registries. The same filter goes on composites too.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistryCustomizer.class)
	static class CompositeRegistryConfiguration {

		@Bean
		MeterRegistryCustomizer<MeterRegistry> redactingCompositeMeterRegistryCustomizer(RedactingMeterFilter filter) {
			return (registry) -> {
				if (registry instanceof CompositeMeterRegistry) {
					registry.config().meterFilter(filter);
				}
			};
		}

	}

}
