package dev.observability.endpoint;

import java.util.List;

/**
 * Tells the pitfall report how the scrape endpoints are protected.
 *
 * @param protection how they are protected
 * @param endpoints ids of the endpoints concerned
 */
public record EndpointSecurityStatus(EndpointProtection protection, List<String> endpoints) {

	/**
	 * Whether a client needs credentials to scrape.
	 * @return false when the endpoints are open
	 */
	public boolean isProtected() {
		return this.protection != EndpointProtection.OPEN;
	}

	/**
	 * Whether the password was generated at startup because none was configured.
	 * @return true for a generated password
	 */
	public boolean isPasswordGenerated() {
		return this.protection == EndpointProtection.GENERATED_PASSWORD;
	}

}
