package dev.observability.endpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the starter says when it leaves the scrape endpoints unprotected: a WARN when they
 * were opened explicitly, and a startup failure when it cannot protect them and nobody
 * opened them, so a missing library never leaves them open silently.
 */
final class UnprotectedEndpoints {

	private static final Logger logger = LoggerFactory.getLogger(UnprotectedEndpoints.class);

	private UnprotectedEndpoints() {
	}

	/**
	 * Logs at WARN that the endpoints are open.
	 * @param endpoints the endpoints, as they should be named
	 */
	static void warnOpen(Object endpoints) {
		logger.warn("The scrape endpoints ({}) are open to anyone who reaches the port: "
				+ "observability.endpoint.auth.enabled=false", endpoints);
	}

	/**
	 * Fails unless the endpoints were opened explicitly, then warns that they are open.
	 * @param auth the auth settings
	 * @param library the missing library, with its Maven coordinates
	 */
	static void failUnlessOpen(ObservabilityEndpointProperties.Auth auth, String library) {
		if (auth.isEnabled()) {
			throw new IllegalStateException("The scrape endpoints " + auth.getEndpoints() + " cannot be protected: "
					+ library + " is not on the classpath. Add it "
					+ "(the observability starter brings it), or set observability.endpoint.auth.enabled=false to "
					+ "serve them without authentication to anyone who reaches the port.");
		}
		warnOpen(auth.getEndpoints());
	}

}
