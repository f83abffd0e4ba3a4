package dev.observability.endpoint;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;

/**
 * Who may call which actuator endpoint, the same on both web stacks: which endpoints the
 * starter handles, which of them stay open to anonymous reads or writes, and which user
 * (the scrape user or the operator) may call the rest.
 * <p>
 * A read is a {@code GET}, {@code HEAD} or {@code OPTIONS}; every other method is a
 * write. Without an operator user the scrape user may call every endpoint the starter
 * protects. With one, the scrape user may only read the scrape endpoints, and the
 * operator may call everything.
 */
public final class EndpointAccessPolicy {

	/** The endpoints open by default, accepted even when the application lacks them. */
	private static final List<String> DEFAULT_OPEN = List.of("health", "info");

	private final @Nullable Set<EndpointId> handled;

	private final Set<EndpointId> openReads;

	private final Set<EndpointId> openWrites;

	private final Set<EndpointId> scrapeEndpoints;

	private final boolean operatorUser;

	private EndpointAccessPolicy(@Nullable Set<EndpointId> handled, Set<EndpointId> openReads,
			Set<EndpointId> openWrites, Set<EndpointId> scrapeEndpoints, boolean operatorUser) {
		this.handled = handled;
		this.openReads = openReads;
		this.openWrites = openWrites;
		this.scrapeEndpoints = scrapeEndpoints;
		this.operatorUser = operatorUser;
	}

	/**
	 * Every exposed endpoint needs credentials, except the open ones.
	 * @param openReads ids of the endpoints anyone may read
	 * @param openWrites ids of the endpoints anyone may write to
	 * @param scrapeEndpoints ids of the endpoints the scrape user may read when there is
	 * an operator user
	 * @param operatorUser whether a separate operator user is configured
	 * @return the policy
	 */
	public static EndpointAccessPolicy protectAll(Collection<String> openReads, Collection<String> openWrites,
			Collection<String> scrapeEndpoints, boolean operatorUser) {
		return new EndpointAccessPolicy(null, ids(openReads), ids(openWrites), ids(scrapeEndpoints), operatorUser);
	}

	/**
	 * Only the given endpoints are the starter's business; all others are left to the
	 * application. Used when the starter opens the scrape endpoints
	 * ({@code observability.endpoint.auth.enabled=false}).
	 * @param endpoints ids of the endpoints the starter handles
	 * @return the policy
	 */
	public static EndpointAccessPolicy only(Collection<String> endpoints) {
		Set<EndpointId> ids = ids(endpoints);
		return new EndpointAccessPolicy(ids, Set.of(), Set.of(), ids, false);
	}

	/**
	 * The policy the properties ask for, checked against the endpoints the application
	 * declares.
	 * @param auth the settings
	 * @param declared ids of the endpoints the application declares, exposed or not
	 * @return the policy
	 * @throws IllegalStateException naming the property when an open endpoint is not an
	 * endpoint of the application, an open write is not an open endpoint, or the operator
	 * has the scrape user's name
	 */
	static EndpointAccessPolicy of(ObservabilityEndpointProperties.Auth auth, Set<String> declared) {
		if (!auth.isEnabled()) {
			return only(auth.getEndpoints());
		}
		Set<EndpointId> known = new HashSet<>(ids(declared));
		known.addAll(ids(DEFAULT_OPEN));
		checkKnown("observability.endpoint.auth.open-endpoints", auth.getOpenEndpoints(), known, declared);
		checkKnown("observability.endpoint.auth.open-writes", auth.getOpenWrites(), known, declared);
		Set<EndpointId> open = ids(auth.getOpenEndpoints());
		for (String id : auth.getOpenWrites()) {
			if (!open.contains(EndpointId.of(id))) {
				throw new IllegalStateException("observability.endpoint.auth.open-writes names '" + id
						+ "', which is not in observability.endpoint.auth.open-endpoints: open its reads too, or "
						+ "remove it");
			}
		}
		ObservabilityEndpointProperties.Operator operator = auth.getOperator();
		if (operator.isConfigured() && operator.getUsername().equals(auth.getUsername())) {
			throw new IllegalStateException("observability.endpoint.auth.operator.username must differ from "
					+ "observability.endpoint.auth.username (both are '" + auth.getUsername() + "')");
		}
		return protectAll(auth.getOpenEndpoints(), auth.getOpenWrites(), auth.getEndpoints(), operator.isConfigured());
	}

	private static void checkKnown(String property, List<String> ids, Set<EndpointId> known, Set<String> declared) {
		for (String id : ids) {
			if (!known.contains(EndpointId.of(id))) {
				throw new IllegalStateException(property + " names '" + id
						+ "', which is not an actuator endpoint of this application (its endpoints: "
						+ String.join(", ", declared) + "). Correct or remove the id.");
			}
		}
	}

	private static Set<EndpointId> ids(Collection<String> ids) {
		return Set.copyOf(ActuatorEndpointPaths.ids(List.copyOf(ids)));
	}

	/**
	 * Whether the starter handles requests to the endpoint at all.
	 * @param endpoint the endpoint
	 * @return false for an endpoint left to the application
	 */
	public boolean handles(EndpointId endpoint) {
		return this.handled == null || this.handled.contains(endpoint);
	}

	/**
	 * Whether a request needs credentials.
	 * @param endpoint the endpoint asked for
	 * @param method the HTTP method
	 * @return false when anyone may make it, or the starter does not handle the endpoint
	 */
	public boolean needsCredentials(EndpointId endpoint, String method) {
		if (!handles(endpoint)) {
			return false;
		}
		return !(isWrite(method) ? this.openWrites : this.openReads).contains(endpoint);
	}

	/**
	 * Whether an authenticated user may make a request.
	 * @param authority the user's authority ({@link ScrapeAuthenticator#AUTHORITY} or
	 * {@link ScrapeAuthenticator#OPERATOR_AUTHORITY})
	 * @param endpoint the endpoint asked for
	 * @param method the HTTP method
	 * @return true when allowed
	 */
	public boolean permits(String authority, EndpointId endpoint, String method) {
		if (ScrapeAuthenticator.OPERATOR_AUTHORITY.equals(authority) || !this.operatorUser) {
			return true;
		}
		return !isWrite(method) && this.scrapeEndpoints.contains(endpoint);
	}

	/**
	 * Whether a separate operator user is configured.
	 * @return true with an operator user
	 */
	public boolean hasOperatorUser() {
		return this.operatorUser;
	}

	/**
	 * Whether a request with this method changes something.
	 * @param method the HTTP method
	 * @return false for {@code GET}, {@code HEAD} and {@code OPTIONS}
	 */
	static boolean isWrite(String method) {
		return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
	}

	@Override
	public String toString() {
		return (this.handled != null) ? "only " + this.handled
				: "all but open reads " + this.openReads + ", open writes " + this.openWrites;
	}

}
