package dev.observability.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Decides one request to a protected actuator endpoint from its client address and
 * {@code Authorization} header: lock-out first, then the basic credentials of the scrape
 * user or the operator, recording every failure, then whether that user may make the
 * request ({@link EndpointAccessPolicy}). The servlet and the reactive filter both ask it
 * and only write its answer, so both stacks answer alike.
 */
public final class ScrapeAuthenticator {

	/** The authority of the scrape user while its request runs. */
	public static final String AUTHORITY = "OBSERVABILITY_SCRAPE";

	/** The authority of the operator user while its request runs. */
	public static final String OPERATOR_AUTHORITY = "OBSERVABILITY_OPERATOR";

	private static final String BASIC = "Basic";

	private static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority(AUTHORITY));

	private static final List<SimpleGrantedAuthority> OPERATOR_AUTHORITIES = List
		.of(new SimpleGrantedAuthority(OPERATOR_AUTHORITY));

	private static final Decision FORBIDDEN = Decision.refused(403, null, null, "Forbidden");

	private final ScrapeCredentials credentials;

	private final @Nullable ScrapeCredentials operator;

	private final @Nullable EndpointAccessPolicy policy;

	private final ClientLockout lockout;

	private final ScrapeAuthFailures failures;

	private final Decision challenge;

	/**
	 * Creates the authenticator.
	 * @param credentials the one user allowed to scrape
	 * @param lockout lock-out of addresses with too many failures
	 * @param failures records failed attempts
	 * @param realm the realm named in {@code WWW-Authenticate}
	 */
	public ScrapeAuthenticator(ScrapeCredentials credentials, ClientLockout lockout, ScrapeAuthFailures failures,
			String realm) {
		this(credentials, null, null, lockout, failures, realm);
	}

	/**
	 * Creates the authenticator.
	 * @param credentials the scrape user
	 * @param operator the operator user; null for none
	 * @param policy what each user may do; null to let every authenticated user through
	 * @param lockout lock-out of addresses with too many failures
	 * @param failures records failed attempts
	 * @param realm the realm named in {@code WWW-Authenticate}
	 */
	public ScrapeAuthenticator(ScrapeCredentials credentials, @Nullable ScrapeCredentials operator,
			@Nullable EndpointAccessPolicy policy, ClientLockout lockout, ScrapeAuthFailures failures, String realm) {
		this.credentials = credentials;
		this.operator = operator;
		this.policy = policy;
		this.lockout = lockout;
		this.failures = failures;
		this.challenge = Decision.refused(401, HttpHeaders.WWW_AUTHENTICATE,
				"Basic realm=\"" + realm + "\", charset=\"UTF-8\"", "Unauthorized");
	}

	/**
	 * Whether checking a password costs real CPU time (an encoded one such as bcrypt), so
	 * that a reactive caller should not do it on an event-loop thread.
	 * @return true for an encoded password
	 */
	public boolean isSlow() {
		return this.credentials.isEncoded() || (this.operator != null && this.operator.isEncoded());
	}

	/**
	 * Decides one request.
	 * @param address the client address
	 * @param authorization the {@code Authorization} header; null when not sent
	 * @return the decision
	 */
	public Decision authenticate(String address, @Nullable String authorization) {
		return authenticate(address, authorization, null, null);
	}

	/**
	 * Decides one request to an endpoint: authenticated, and allowed to make it.
	 * @param address the client address
	 * @param authorization the {@code Authorization} header; null when not sent
	 * @param endpoint the endpoint asked for; null to check the credentials only
	 * @param method the HTTP method
	 * @return the decision: 403 for a user who may not make the request
	 */
	public Decision authenticate(String address, @Nullable String authorization, @Nullable EndpointId endpoint,
			@Nullable String method) {
		Duration locked = this.lockout.lockedFor(address);
		if (!locked.isZero()) {
			return Decision.refused(429, HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.toSeconds())),
					"Too many failed authentication attempts");
		}
		if (authorization == null) {
			return this.challenge;
		}
		String header = authorization.trim();
		if (!header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return this.challenge;
		}
		String token = (header.length() > BASIC.length() + 1) ? decode(header.substring(BASIC.length() + 1)) : null;
		int colon = (token != null) ? token.indexOf(':') : -1;
		if (token == null || colon < 0) {
			// not base64, or no colon
			return fail(address);
		}
		String username = token.substring(0, colon);
		String password = token.substring(colon + 1);
		boolean scrapeUser = this.credentials.matches(username, password);
		boolean operatorUser = this.operator != null && this.operator.matches(username, password);
		if (!scrapeUser && !operatorUser) {
			return fail(address);
		}
		this.lockout.recordSuccess(address);
		String authority = operatorUser ? OPERATOR_AUTHORITY : AUTHORITY;
		if (endpoint != null && method != null && this.policy != null
				&& !this.policy.permits(authority, endpoint, method)) {
			return FORBIDDEN;
		}
		return Decision.authenticated(UsernamePasswordAuthenticationToken.authenticated(username, null,
				operatorUser ? OPERATOR_AUTHORITIES : AUTHORITIES));
	}

	private Decision fail(String address) {
		boolean lockedOut = this.lockout.recordFailure(address);
		this.failures.record(address, lockedOut);
		return this.challenge;
	}

	/**
	 * The token as Spring Security's basic converters read it: base64 of UTF-8; null when
	 * malformed.
	 */
	private static @Nullable String decode(String base64) {
		try {
			return new String(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.UTF_8)),
					StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * What to do with a request: go on as the authenticated scrape user, or answer with a
	 * status, one header and a plain text body.
	 *
	 * @param authentication the scrape user, holding {@link #AUTHORITY}; null when
	 * refused
	 * @param status the status of a refusal (401, 403 or 429)
	 * @param header the header of a refusal ({@code WWW-Authenticate} or
	 * {@code Retry-After}); null for none
	 * @param headerValue its value
	 * @param body the plain text body of a refusal
	 */
	public record Decision(@Nullable Authentication authentication, int status, @Nullable String header,
			@Nullable String headerValue, @Nullable String body) {

		static Decision authenticated(Authentication authentication) {
			return new Decision(authentication, 200, null, null, null);
		}

		static Decision refused(int status, @Nullable String header, @Nullable String headerValue, String body) {
			return new Decision(null, status, header, headerValue, body);
		}

		/**
		 * Whether the request goes on.
		 * @return true for the scrape user
		 */
		public boolean isAuthenticated() {
			return this.authentication != null;
		}

	}

}
