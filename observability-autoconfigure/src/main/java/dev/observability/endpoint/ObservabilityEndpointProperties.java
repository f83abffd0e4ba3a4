package dev.observability.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the protection of the scrape endpoints. The redaction of sensitive tags,
 * under {@code observability.endpoint.redaction}, has its own
 * {@code dev.observability.redaction.TagRedactionProperties}.
 */
@ConfigurationProperties("observability.endpoint")
public class ObservabilityEndpointProperties {

	/** Whether the starter protects the scrape endpoints and redacts sensitive tags. */
	private boolean enabled = true;

	/** HTTP basic auth in front of the scrape endpoints. */
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
	 * Settings for HTTP basic auth in front of the scrape endpoints.
	 */
	public static class Auth {

		/**
		 * Whether the scrape endpoints require the scrape credentials. When false they
		 * are open to anyone who reaches the port, whatever the application's own
		 * security says: only for a port that is protected otherwise. Also the explicit
		 * opt-out that lets an application without spring-security-web start (otherwise
		 * it fails at startup).
		 */
		private boolean enabled = true;

		/**
		 * Ids of the actuator endpoints behind the scrape credentials. Every other
		 * endpoint (health, info, ...) is left to the application's own security.
		 */
		private List<String> endpoints = new ArrayList<>(
				List.of("prometheus", "metrics", "observability", "alertrules", "grafanadashboard"));

		/** User name the scraper sends. */
		private String username = "prometheus";

		/**
		 * Password the scraper sends, plain or encoded with an id prefix ({bcrypt}...,
		 * {pbkdf2}..., {noop}...). When not set, a random password is generated at
		 * startup and logged once.
		 */
		private String password;

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
			for (String id : endpoints) {
				if (id == null || !id.matches("[a-zA-Z][a-zA-Z0-9.-]*")) {
					throw new IllegalArgumentException("'" + id + "' is not a valid actuator endpoint id");
				}
			}
			this.endpoints = endpoints;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			if (username == null || username.isBlank() || username.indexOf(':') >= 0) {
				throw new IllegalArgumentException("must not be empty nor contain ':' (was '" + username + "')");
			}
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
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
