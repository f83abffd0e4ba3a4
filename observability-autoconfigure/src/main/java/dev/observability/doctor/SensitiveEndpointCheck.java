package dev.observability.doctor;

import java.util.List;

import dev.observability.endpoint.EndpointSecurityStatus;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Hardening: whether a sensitive actuator endpoint ({@code env}, {@code beans},
 * {@code threaddump}, {@code heapdump}, {@code loggers}, any custom endpoint: every
 * exposed one but {@code health}, {@code info} and the scrape endpoints, which
 * {@link ScrapeEndpointCheck} covers) answers without credentials
 * ({@code endpoint.sensitive-open}). Found out by asking each of them
 * ({@link ScrapeEndpointProbe}), whatever made it open (the starter's open-endpoints, the
 * application's own {@code permitAll}, the starter switched off); a probe that could not
 * ask never makes the finding {@code ok}.
 */
public class SensitiveEndpointCheck implements PitfallCheck {

	static final String ID = "endpoint.sensitive-open";

	private final ObjectProvider<EndpointSecurityStatus> status;

	private final ObjectProvider<ScrapeEndpointProbe> probe;

	public SensitiveEndpointCheck(ObjectProvider<EndpointSecurityStatus> status,
			ObjectProvider<ScrapeEndpointProbe> probe) {
		this.status = status;
		this.probe = probe;
	}

	@Override
	public List<Finding> check() {
		EndpointSecurityStatus security = this.status.getIfAvailable();
		List<String> scrape = ScrapeEndpointCheck.scrapeEndpointIds(security);
		ScrapeEndpointProbe prober = this.probe.getIfAvailable();
		if (prober == null) {
			return List.of(notChecked("no actuator web endpoints to ask"));
		}
		ScrapeEndpointProbe.Result probed = prober
			.probe((id) -> !ScrapeEndpointProbe.NOT_SENSITIVE.contains(id) && !scrape.contains(id));
		if (!probed.checked()) {
			return List.of(notChecked(probed.detail()));
		}
		if (!probed.open().isEmpty()) {
			return List.of(Finding.fail(ID, Pitfall.HARDENING,
					"sensitive actuator endpoints answer without credentials on " + probed.detail() + ": "
							+ String.join(", ", probed.open()),
					"remove them from observability.endpoint.auth.open-endpoints (and open-writes), or protect them "
							+ "in the application's own security chain scoped to actuator paths; without a reason "
							+ "to expose them, narrow management.endpoints.web.exposure.include"));
		}
		if (probed.asked().isEmpty()) {
			return List.of(Finding.ok(ID, Pitfall.HARDENING,
					"no sensitive actuator endpoint is exposed over HTTP (asked on " + probed.detail() + ")"));
		}
		return List
			.of(Finding.ok(ID, Pitfall.HARDENING, "sensitive actuator endpoints (" + String.join(", ", probed.asked())
					+ ") need credentials (asked anonymously on " + probed.detail() + ")"));
	}

	private static Finding notChecked(String reason) {
		return Finding.warn(ID, Pitfall.HARDENING,
				"whether sensitive actuator endpoints answer without credentials was not checked (" + reason + ")",
				"look at the report again once the web server has started (/actuator/observability)");
	}

}
