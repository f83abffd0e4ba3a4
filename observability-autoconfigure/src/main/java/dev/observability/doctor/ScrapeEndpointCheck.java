package dev.observability.doctor;

import java.util.List;

import dev.observability.endpoint.EndpointSecurityStatus;
import dev.observability.endpoint.ObservabilityEndpointProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Hardening: how the scrape endpoints ({@code prometheus}, {@code metrics},
 * {@code observability}, ...) are protected ({@code endpoint.scrape-auth}). Whether they
 * answer without credentials is found out by asking them ({@link ScrapeEndpointProbe}),
 * not by reading the configuration: any of them answering 2xx to an anonymous request is
 * a {@code fail}, and a probe that could not ask never makes the finding {@code ok}.
 */
public class ScrapeEndpointCheck implements PitfallCheck {

	static final String ID = "endpoint.scrape-auth";

	private final ObjectProvider<EndpointSecurityStatus> status;

	private final ObjectProvider<ScrapeEndpointProbe> probe;

	public ScrapeEndpointCheck(ObjectProvider<EndpointSecurityStatus> status,
			ObjectProvider<ScrapeEndpointProbe> probe) {
		this.status = status;
		this.probe = probe;
	}

	@Override
	public List<Finding> check() {
		EndpointSecurityStatus security = this.status.getIfAvailable();
		List<String> ids = scrapeEndpointIds(security);
		ScrapeEndpointProbe prober = this.probe.getIfAvailable();
		ScrapeEndpointProbe.Result probed = (prober != null) ? prober.probe(ids)
				: ScrapeEndpointProbe.Result.notChecked("no actuator web endpoints to ask");
		if (!probed.open().isEmpty()) {
			return List.of(answeredAnonymously(security, probed));
		}
		String unchecked = probed.checked() ? ""
				: "; whether they answer without credentials was not checked (" + probed.detail() + ")";
		if (security == null) {
			return List.of(Finding.warn(ID, Pitfall.HARDENING,
					"the starter does not protect the scrape endpoints: whether metrics are readable by anyone "
							+ "depends on the application's own security" + unchecked,
					"remove observability.endpoint.enabled=false (needs spring-security-web)"));
		}
		String endpoints = String.join(", ", security.endpoints());
		return switch (security.protection()) {
			case CONFIGURED_PASSWORD -> List.of(probed.checked()
					? Finding.ok(ID, Pitfall.HARDENING,
							"scrape endpoints (" + endpoints + ") need the configured scrape credentials")
					: Finding.warn(ID, Pitfall.HARDENING,
							"scrape endpoints (" + endpoints + ") need the configured scrape credentials" + unchecked,
							"look at the report again once the web server has started (/actuator/observability)"));
			case GENERATED_PASSWORD -> List.of(Finding.warn(ID, Pitfall.HARDENING,
					"scrape endpoints (" + endpoints + ") are protected by a password generated at startup: "
							+ "Prometheus cannot know it, and it changes on every restart" + unchecked,
					"set observability.endpoint.auth.password from a secret (plain, or {bcrypt}...), and the same "
							+ "password in the scrape job's basic_auth"));
			case OPEN -> List.of(Finding.warn(ID, Pitfall.HARDENING,
					"scrape endpoints (" + endpoints + ") are explicitly open to anyone who reaches the port "
							+ "(observability.endpoint.auth.enabled=false)" + unchecked,
					"remove observability.endpoint.auth.enabled=false unless the port is protected otherwise "
							+ "(network policy, a separate management port)"));
		};
	}

	private static Finding answeredAnonymously(@Nullable EndpointSecurityStatus security,
			ScrapeEndpointProbe.Result probed) {
		String message = "scrape endpoints answer without credentials on " + probed.detail() + ": "
				+ String.join(", ", probed.open());
		String fix;
		if (security == null) {
			fix = "remove observability.endpoint.enabled=false (needs spring-security-web), or protect the "
					+ "endpoints in the application's own security";
		}
		else if (!security.isProtected()) {
			fix = "remove observability.endpoint.auth.enabled=false unless the port is protected otherwise "
					+ "(network policy, a separate management port)";
		}
		else {
			fix = "a filter or security chain ahead of the starter's answers these requests: order it after "
					+ "the scrape endpoints' (EndpointSecurityAutoConfiguration.FILTER_CHAIN_ORDER, filter order -100)";
		}
		return Finding.fail(ID, Pitfall.HARDENING, message, fix);
	}

	/**
	 * The scrape endpoint ids the starter protects: the running configuration's, or the
	 * defaults when endpoint security is not there.
	 */
	static List<String> scrapeEndpointIds(@Nullable EndpointSecurityStatus security) {
		return (security != null) ? security.endpoints() : new ObservabilityEndpointProperties.Auth().getEndpoints();
	}

}
