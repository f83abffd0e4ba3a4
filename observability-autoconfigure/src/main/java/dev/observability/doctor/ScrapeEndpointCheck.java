package dev.observability.doctor;

import java.util.List;

import dev.observability.endpoint.EndpointSecurityStatus;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Hardening: how the scrape endpoints ({@code prometheus}, {@code metrics},
 * {@code observability}, ...) are protected ({@code endpoint.scrape-auth}).
 */
public class ScrapeEndpointCheck implements PitfallCheck {

	static final String ID = "endpoint.scrape-auth";

	private final ObjectProvider<EndpointSecurityStatus> status;

	public ScrapeEndpointCheck(ObjectProvider<EndpointSecurityStatus> status) {
		this.status = status;
	}

	@Override
	public List<Finding> check() {
		EndpointSecurityStatus security = this.status.getIfAvailable();
		if (security == null) {
			return List.of(Finding.warn(ID, Pitfall.HARDENING,
					"the starter does not protect the scrape endpoints: whether metrics are readable by anyone "
							+ "depends on the application's own security",
					"remove observability.endpoint.enabled=false (needs spring-security-web and a servlet application)"));
		}
		String endpoints = String.join(", ", security.endpoints());
		return switch (security.protection()) {
			case CONFIGURED_PASSWORD -> List.of(Finding.ok(ID, Pitfall.HARDENING,
					"scrape endpoints (" + endpoints + ") need the configured scrape credentials"));
			case GENERATED_PASSWORD -> List.of(Finding.warn(ID, Pitfall.HARDENING,
					"scrape endpoints (" + endpoints + ") are protected by a password generated at startup: "
							+ "Prometheus cannot know it, and it changes on every restart",
					"set observability.endpoint.auth.password from a secret (plain, or {bcrypt}...), and the same "
							+ "password in the scrape job's basic_auth"));
			case OPEN -> List.of(Finding.warn(ID, Pitfall.HARDENING,
					"scrape endpoints (" + endpoints + ") are explicitly open to anyone who reaches the port "
							+ "(observability.endpoint.auth.enabled=false)",
					"remove observability.endpoint.auth.enabled=false unless the port is protected otherwise "
							+ "(network policy, a separate management port)"));
		};
	}

}
