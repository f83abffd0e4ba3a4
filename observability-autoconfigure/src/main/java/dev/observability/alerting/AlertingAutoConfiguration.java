package dev.observability.alerting;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Serves this service's Prometheus rules and Grafana dashboard, generated from its own
 * configuration, on the {@code alertrules} and {@code grafanadashboard} actuator
 * endpoints.
 */
@AutoConfiguration(afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration")
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBooleanProperty(name = "observability.alerting.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AlertingProperties.class)
public final class AlertingAutoConfiguration {

	/**
	 * The job when neither observability.alerting.job nor spring.application.name is set:
	 * Boot's default name.
	 */
	static final String DEFAULT_JOB = "application";

	@Bean
	@ConditionalOnMissingBean
	AlertRules alertRules(AlertingProperties properties, Environment environment) {
		return new AlertRules(properties, job(properties, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	GrafanaDashboard grafanaDashboard(AlertingProperties properties, Environment environment) {
		return new GrafanaDashboard(properties, job(properties, environment),
				environment.getProperty("observability.naming.namespace"));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	AlertRulesEndpoint alertRulesEndpoint(AlertRules rules) {
		return new AlertRulesEndpoint(rules);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	GrafanaDashboardEndpoint grafanaDashboardEndpoint(GrafanaDashboard dashboard) {
		return new GrafanaDashboardEndpoint(dashboard);
	}

	private static String job(AlertingProperties properties, Environment environment) {
		String job = properties.getJob();
		if (job != null && !job.isBlank()) {
			return job;
		}
		return environment.getProperty("spring.application.name", DEFAULT_JOB);
	}

}
