package dev.observability.endpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP basic auth for the scrape endpoints with its own credentials: stateless (no session, no
 * cookie), 401 with {@code WWW-Authenticate} for missing or wrong credentials, 429 for an address
 * locked out after too many failures. The authenticated scrape user holds the authority
 * {@value #AUTHORITY} for the request only.
 */
public class ScrapeAuthenticationFilter extends OncePerRequestFilter {

	/** The authority of the scrape user while its request runs. */
	public static final String AUTHORITY = "OBSERVABILITY_SCRAPE";

	private final ScrapeCredentials credentials;

	private final ClientLockout lockout;

	private final ScrapeAuthFailures failures;

	private final String challenge;

	private final BasicAuthenticationConverter converter = new BasicAuthenticationConverter();

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Creates the filter.
	 * @param credentials the one user allowed to scrape
	 * @param lockout lock-out of addresses with too many failures
	 * @param failures records failed attempts
	 * @param realm the realm named in {@code WWW-Authenticate}
	 */
	public ScrapeAuthenticationFilter(ScrapeCredentials credentials, ClientLockout lockout,
			ScrapeAuthFailures failures, String realm) {
		this.credentials = credentials;
		this.lockout = lockout;
		this.failures = failures;
		this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = request.getRemoteAddr();
		Duration locked = this.lockout.lockedFor(address);
		if (!locked.isZero()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.toSeconds())));
			answer(response, 429, "Too many failed authentication attempts");
			return;
		}
		UsernamePasswordAuthenticationToken sent;
		try {
			sent = this.converter.convert(request);
		}
		catch (AuthenticationException ex) {
			fail(address, response);
			return;
		}
		if (sent == null) {
			challenge(response);
			return;
		}
		String username = sent.getName();
		String password = String.valueOf(sent.getCredentials());
		if (!this.credentials.matches(username, password)) {
			fail(address, response);
			return;
		}
		this.lockout.recordSuccess(address);
		SecurityContext previous = this.contexts.getContext();
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, null,
				List.of(new SimpleGrantedAuthority(AUTHORITY))));
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.setContext(previous);
		}
	}

	private void fail(String address, HttpServletResponse response) throws IOException {
		boolean lockedOut = this.lockout.recordFailure(address);
		this.failures.record(address, lockedOut);
		challenge(response);
	}

	private void challenge(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, this.challenge);
		answer(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
	}

	/** Answers directly rather than with sendError, so no error dispatch meets the application's security. */
	private static void answer(HttpServletResponse response, int status, String message) throws IOException {
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().write(message);
	}

}
