package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Says at startup, in one INFO line, which exposed actuator endpoints anyone may call,
 * which need credentials and whose, and which the application's own security chains take
 * over.
 */
public class EndpointAccessLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(EndpointAccessLogger.class);

	private final EndpointAccessPolicy policy;

	private final ObservabilityEndpointProperties.Auth auth;

	/**
	 * Creates the logger.
	 * @param policy who may call which endpoint
	 * @param auth the settings, for the user names
	 */
	public EndpointAccessLogger(EndpointAccessPolicy policy, ObservabilityEndpointProperties.Auth auth) {
		this.policy = policy;
		this.auth = auth;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		ApplicationContext context = event.getApplicationContext();
		PathMappedEndpoints endpoints = context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
		if (endpoints == null) {
			return;
		}
		Set<String> leftToApplication = new TreeSet<>();
		context.getBeanProvider(ApplicationEndpointOwners.class)
			.orderedStream()
			.forEach((owners) -> leftToApplication.addAll(owners.leftToApplication(context)));
		logger.info(describe(endpoints, leftToApplication));
	}

	String describe(Iterable<PathMappedEndpoint> endpoints, Set<String> leftToApplication) {
		if (!this.auth.isEnabled()) {
			return "Actuator endpoints: the scrape endpoints (" + String.join(", ", this.auth.getEndpoints())
					+ ") are open to anyone and every other endpoint is left to the application's own security "
					+ "(observability.endpoint.auth.enabled=false)";
		}
		List<String> open = new ArrayList<>();
		List<String> openWrites = new ArrayList<>();
		List<String> scrape = new ArrayList<>();
		List<String> operator = new ArrayList<>();
		for (PathMappedEndpoint endpoint : endpoints) {
			EndpointId id = ActuatorEndpointPaths.idOf(endpoint);
			if (id == null || leftToApplication.contains(id.toString())) {
				continue;
			}
			if (!this.policy.needsCredentials(id, "GET")) {
				open.add(id.toString());
			}
			if (!this.policy.needsCredentials(id, "POST")) {
				openWrites.add(id.toString());
			}
			if (this.policy.needsCredentials(id, "GET")) {
				(this.policy.permits(ScrapeAuthenticator.AUTHORITY, id, "GET") ? scrape : operator).add(id.toString());
			}
		}
		StringBuilder line = new StringBuilder("Actuator endpoints open to anyone: ").append(names(open))
			.append(" (observability.endpoint.auth.open-endpoints); writes open to anyone: ")
			.append(names(openWrites))
			.append(" (observability.endpoint.auth.open-writes); need credentials: ");
		if (this.policy.hasOperatorUser()) {
			line.append(names(scrape))
				.append(" for the scrape user '")
				.append(this.auth.getUsername())
				.append("' or the operator '")
				.append(this.auth.getOperator().getUsername())
				.append("', ")
				.append(names(operator))
				.append(" and every write for the operator only");
		}
		else {
			line.append(names(scrape)).append(" for the scrape user '").append(this.auth.getUsername()).append("'");
		}
		if (!leftToApplication.isEmpty()) {
			line.append("; left to the application's own security chains, the starter steps aside: ")
				.append(String.join(", ", leftToApplication));
		}
		return line.toString();
	}

	private static String names(List<String> ids) {
		return ids.isEmpty() ? "none" : String.join(", ", ids);
	}

}
