package dev.observability.alerting;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code grafanadashboard} actuator endpoint: this service's Grafana dashboard as
 * JSON.
 */
@Endpoint(id = "grafanadashboard")
public class GrafanaDashboardEndpoint {

	private final String json;

	public GrafanaDashboardEndpoint(GrafanaDashboard dashboard) {
		this.json = dashboard.toJson();
	}

	@ReadOperation(produces = "application/json")
	public String grafanaDashboard() {
		return this.json;
	}

}
