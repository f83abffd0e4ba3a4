package dev.observability.alerting;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code alertrules} actuator endpoint: this service's Prometheus rule file as YAML.
 */
@Endpoint(id = "alertrules")
public class AlertRulesEndpoint {

	private final String yaml;

	public AlertRulesEndpoint(AlertRules rules) {
		this.yaml = rules.toYaml();
	}

	@ReadOperation(produces = "application/yaml")
	public String alertRules() {
		return this.yaml;
	}

}
