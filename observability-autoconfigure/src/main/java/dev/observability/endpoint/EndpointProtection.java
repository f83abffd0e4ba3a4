package dev.observability.endpoint;

/**
 * How the scrape endpoints are protected.
 */
public enum EndpointProtection {

	/** Behind HTTP basic auth with a configured password. */
	CONFIGURED_PASSWORD,

	/**
	 * Behind HTTP basic auth with a password generated at startup, because none was
	 * configured.
	 */
	GENERATED_PASSWORD,

	/** Open to anyone who reaches the port: observability.endpoint.auth.enabled=false. */
	OPEN

}
