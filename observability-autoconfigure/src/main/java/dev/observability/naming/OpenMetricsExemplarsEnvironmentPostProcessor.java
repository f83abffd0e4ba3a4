package dev.observability.naming;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Keeps the OpenMetrics scrape valid OpenMetrics 1.0: exemplars only where the
 * specification allows them (histogram buckets and counters). Micrometer asks the
 * Prometheus client to put an exemplar on every histogram's {@code _count} line too
 * ({@code exemplarsOnAllMetricTypes=true}), which the reference parser rejects and which
 * makes Prometheus before 2.43 mark the whole target down. The default sits at the lowest
 * precedence: setting
 * {@code management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]}
 * anywhere, or {@code observability.naming.strict-openmetrics=false}, wins.
 */
public class OpenMetricsExemplarsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the default. */
	public static final String PROPERTY_SOURCE_NAME = "observabilityOpenMetricsDefaults";

	static final String EXEMPLARS_ON_ALL_METRIC_TYPES = "management.prometheus.metrics.export.properties"
			+ "[io.prometheus.exporter.exemplarsOnAllMetricTypes]";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = (application != null) ? application.getClassLoader() : null;
		if (!ClassUtils.isPresent("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", classLoader)
				|| !environment.getProperty("observability.naming.strict-openmetrics", Boolean.class, Boolean.TRUE)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(EXEMPLARS_ON_ALL_METRIC_TYPES, "false")));
	}

	/** After the config data has been loaded, so that the switch above can be read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
