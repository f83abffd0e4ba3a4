package dev.observability.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.core.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the protection of the scrape endpoints. The redaction of sensitive tags,
 * under {@code observability.endpoint.redaction}, has its own
 * {@code dev.observability.redaction.TagRedactionProperties}.
 */
@ConfigurationProperties("observability.endpoint")
public class ObservabilityEndpointProperties {

	/**
	 * Whether the starter protects the actuator endpoints and redacts sensitive tags.
	 */
	private boolean enabled = true;

	/** HTTP basic auth in front of the actuator endpoints. */
	private final Auth auth = new Auth();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Auth getAuth() {
		return this.auth;
	}

	/**
	 * Settings for HTTP basic auth in front of the actuator endpoints.
	 */
	public static class Auth {

		/**
		 * Whether the exposed actuator endpoints require credentials. When false the
		 * scrape endpoints are open to anyone who reaches the port, whatever the
		 * application's own security says, and every other endpoint is left to the
		 * application's security: only for a port that is protected otherwise. Also the
		 * explicit opt-out that lets an application without spring-security-web start
		 * (otherwise it fails at startup).
		 */
		private boolean enabled = true;

		/**
		 * Ids of the scrape endpoints. Without an operator user the scrape user may call
		 * every protected endpoint; with one, it may only read these.
		 */
		private List<String> endpoints = new ArrayList<>(
				List.of("prometheus", "metrics", "observability", "alertrules", "grafanadashboard"));

		/**
		 * Ids of the exposed actuator endpoints anyone may read without credentials (left
		 * to the application's own security). Every other exposed endpoint needs the
		 * scrape user or the operator. An id that is not an endpoint of the application
		 * stops the startup.
		 */
		private List<String> openEndpoints = new ArrayList<>(List.of("health", "info"));

		/**
		 * Ids of the endpoints anyone may write to (POST, PUT, PATCH, DELETE) without
		 * credentials; each must be in open-endpoints too. Writes to every other endpoint
		 * need credentials, even when its reads are open.
		 */
		private List<String> openWrites = new ArrayList<>();

		/**
		 * A separate user for everything but reading the scrape endpoints, so that the
		 * scrape password cannot change log levels or read the environment.
		 */
		private final Operator operator = new Operator();

		/** User name the scraper sends. */
		private String username = "prometheus";

		/**
		 * Password the scraper sends, plain or encoded with an id prefix ({bcrypt}...,
		 * {pbkdf2}..., {noop}...). When not set, a random password is generated at
		 * startup and logged once.
		 */
		private @Nullable String password;

		/** Realm named in the WWW-Authenticate header of a 401 answer. */
		private String realm = "observability";

		/** Lock-out of a client address after repeated failed attempts. */
		private final Lockout lockout = new Lockout();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getEndpoints() {
			return this.endpoints;
		}

		public void setEndpoints(List<String> endpoints) {
			if (endpoints == null || endpoints.isEmpty()) {
				throw new IllegalArgumentException("must name at least one endpoint id");
			}
			this.endpoints = endpointIds(endpoints);
		}

		public List<String> getOpenEndpoints() {
			return this.openEndpoints;
		}

		public void setOpenEndpoints(List<String> openEndpoints) {
			this.openEndpoints = endpointIds(openEndpoints);
		}

		public List<String> getOpenWrites() {
			return this.openWrites;
		}

		public void setOpenWrites(List<String> openWrites) {
			this.openWrites = endpointIds(openWrites);
		}

		public Operator getOperator() {
			return this.operator;
		}

		private static List<String> endpointIds(List<String> ids) {
			List<String> checked = new ArrayList<>();
			for (String id : (ids != null) ? ids : List.<String>of()) {
				if (id == null || !id.matches("[a-zA-Z][a-zA-Z0-9.-]*")) {
					throw new IllegalArgumentException("'" + id + "' is not a valid actuator endpoint id");
				}
				checked.add(id);
			}
			return checked;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = checkUsername(username);
		}

		static String checkUsername(String username) {
			if (username == null || username.isBlank() || username.indexOf(':') >= 0) {
				throw new IllegalArgumentException("must not be empty nor contain ':' (was '" + username + "')");
			}
			return username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			ScrapeCredentials.checkEncoding(password);
			this.password = password;
		}

		public String getRealm() {
			return this.realm;
		}

		public void setRealm(String realm) {
			if (realm == null || realm.isBlank() || realm.indexOf('"') >= 0) {
				throw new IllegalArgumentException("must not be empty nor contain '\"' (was '" + realm + "')");
			}
			this.realm = realm;
		}

		public Lockout getLockout() {
			return this.lockout;
		}

	}

	/**
	 * Settings for the optional operator user.
	 */
	public static class Operator {

		/** User name of the operator. */
		private String username = "operator";

		/**
		 * Password of the operator, plain or encoded with an id prefix ({bcrypt}...).
		 * When set, the operator is the only user for the endpoints other than the scrape
		 * endpoints and for every write, and the scrape user gets 403 there. When not
		 * set, the scrape user covers every protected endpoint.
		 */
		private @Nullable String password;

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = Auth.checkUsername(username);
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			if (password == null || password.isBlank()) {
				throw new IllegalArgumentException(
						"must not be empty: remove the property to have no operator user, " + "or set a password");
			}
			ScrapeCredentials.checkEncoding(password);
			this.password = password;
		}

		/**
		 * Whether an operator user is configured.
		 * @return true when a password is set
		 */
		public boolean isConfigured() {
			return this.password != null;
		}

	}

	/**
	 * Settings for the lock-out of a client address after repeated failed attempts.
	 */
	public static class Lockout {

		/**
		 * Whether a client address with too many failed attempts is answered 429 for a
		 * while.
		 */
		private boolean enabled = true;

		/**
		 * Failed attempts from one client address within the window that lock the address
		 * out.
		 */
		private int maxFailures = 10;

		/** Window in which failed attempts from one client address are counted. */
		private Duration window = Duration.ofMinutes(1);

		/**
		 * How long a locked-out address is answered 429 without its credentials being
		 * checked.
		 */
		private Duration duration = Duration.ofMinutes(5);

		/**
		 * Number of client addresses remembered; beyond it the least recently seen is
		 * forgotten, so the table's memory stays bounded.
		 */
		private int maxClients = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			if (maxFailures < 1) {
				throw new IllegalArgumentException("must be at least 1 (was " + maxFailures + ")");
			}
			this.maxFailures = maxFailures;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = PropertyChecks.positive("observability.endpoint.auth.lockout.window", window);
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			this.duration = PropertyChecks.positive("observability.endpoint.auth.lockout.duration", duration);
		}

		public int getMaxClients() {
			return this.maxClients;
		}

		public void setMaxClients(int maxClients) {
			if (maxClients < 1 || maxClients > 1_000_000) {
				throw new IllegalArgumentException("must be between 1 and 1000000 (was " + maxClients + ")");
			}
			this.maxClients = maxClients;
		}

	}

}
