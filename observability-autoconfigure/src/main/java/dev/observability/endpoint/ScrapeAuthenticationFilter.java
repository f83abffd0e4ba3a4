package dev.observability.endpoint;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP basic auth for the protected actuator endpoints with the starter's own
 * credentials: stateless (no session, no cookie), 401 with {@code WWW-Authenticate} for
 * missing or wrong credentials, 403 for a user who may not make the request (the scrape
 * user on an operator's endpoint), 429 for an address locked out after too many failures.
 * The authenticated scrape user holds the authority {@value #AUTHORITY} (the operator
 * {@value ScrapeAuthenticator#OPERATOR_AUTHORITY}) for the request only. The decision is
 * {@link ScrapeAuthenticator}'s, shared with the reactive
 * {@link ScrapeAuthenticationWebFilter}.
 */
public class ScrapeAuthenticationFilter extends OncePerRequestFilter {

	/** The authority of the scrape user while its request runs. */
	public static final String AUTHORITY = ScrapeAuthenticator.AUTHORITY;

	private final ScrapeAuthenticator authenticator;

	private final @Nullable ActuatorEndpointRequestMatcher endpoints;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Creates the filter.
	 * @param credentials the one user allowed to scrape
	 * @param lockout lock-out of addresses with too many failures
	 * @param failures records failed attempts
	 * @param realm the realm named in {@code WWW-Authenticate}
	 */
	public ScrapeAuthenticationFilter(ScrapeCredentials credentials, ClientLockout lockout, ScrapeAuthFailures failures,
			String realm) {
		this(new ScrapeAuthenticator(credentials, lockout, failures, realm));
	}

	/**
	 * Creates the filter.
	 * @param authenticator decides each request
	 */
	public ScrapeAuthenticationFilter(ScrapeAuthenticator authenticator) {
		this(authenticator, null);
	}

	/**
	 * Creates the filter.
	 * @param authenticator decides each request
	 * @param endpoints tells which endpoint a request is for, so the authenticator can
	 * tell whether the user may make it; null to check the credentials only
	 */
	public ScrapeAuthenticationFilter(ScrapeAuthenticator authenticator,
			@Nullable ActuatorEndpointRequestMatcher endpoints) {
		this.authenticator = authenticator;
		this.endpoints = endpoints;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ScrapeAuthenticator.Decision decision = this.authenticator.authenticate(request.getRemoteAddr(),
				request.getHeader(HttpHeaders.AUTHORIZATION),
				(this.endpoints != null) ? this.endpoints.endpointOf(request) : null, request.getMethod());
		if (!decision.isAuthenticated()) {
			answer(response, decision);
			return;
		}
		SecurityContext previous = this.contexts.getContext();
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(decision.authentication());
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.setContext(previous);
		}
	}

	/**
	 * Answers directly rather than with sendError, so no error dispatch meets the
	 * application's security.
	 */
	private static void answer(HttpServletResponse response, ScrapeAuthenticator.Decision refusal) throws IOException {
		response.setStatus(refusal.status());
		if (refusal.header() != null) {
			response.setHeader(refusal.header(), refusal.headerValue());
		}
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().write(refusal.body());
	}

}
