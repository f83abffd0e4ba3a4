package dev.observability.endpoint;

import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Builds the scrape endpoints' {@link SecurityFilterChain} without {@code HttpSecurity},
 * so it needs no {@code @EnableWebSecurity} and shares no authentication manager, user
 * store or password encoder with the application.
 */
final class ScrapeSecurityFilterChains {

	private ScrapeSecurityFilterChains() {
	}

	/**
	 * The chain that asks for the scrape credentials.
	 * @param endpoints the scrape endpoints
	 * @param authentication the filter checking the credentials
	 * @return the chain
	 */
	public static SecurityFilterChain authenticated(RequestMatcher endpoints,
			ScrapeAuthenticationFilter authentication) {
		return new DefaultSecurityFilterChain(endpoints, authentication);
	}

	/**
	 * The chain that lets anyone scrape, logged at WARN.
	 * @param endpoints the scrape endpoints
	 * @return the chain
	 */
	public static SecurityFilterChain open(RequestMatcher endpoints) {
		UnprotectedEndpoints.warnOpen(endpoints);
		return new DefaultSecurityFilterChain(endpoints);
	}

}
