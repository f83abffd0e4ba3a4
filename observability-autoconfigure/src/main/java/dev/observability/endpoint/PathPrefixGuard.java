package dev.observability.endpoint;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Answers "no" for a request whose path plainly starts with none of the given prefixes,
 * without the path parsing a pattern matcher does; every other request goes to the full
 * matcher.
 * <p>
 * The endpoint chain is consulted on every request of the application, and parsing the
 * path once per pattern was a measurable share of a request's time. The shortcut is taken
 * only for a plain path: anything a pattern matcher would decode or normalize ({@code %},
 * {@code ;}, {@code \}, {@code //}, dot segments) goes to the full matcher, so an encoded
 * endpoint path is still protected.
 */
final class PathPrefixGuard implements RequestMatcher {

	private final String[] prefixes;

	private final RequestMatcher delegate;

	PathPrefixGuard(List<String> prefixes, RequestMatcher delegate) {
		this.prefixes = prefixes.toArray(String[]::new);
		this.delegate = delegate;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null || needsFullMatch(uri)) {
			return this.delegate.matches(request);
		}
		String contextPath = request.getContextPath();
		int offset = (contextPath != null && uri.startsWith(contextPath)) ? contextPath.length() : 0;
		for (String prefix : this.prefixes) {
			if (uri.startsWith(prefix, offset)) {
				return this.delegate.matches(request);
			}
		}
		return false;
	}

	private static boolean needsFullMatch(String uri) {
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '%' || c == ';' || c == '\\') {
				return true;
			}
			if (c == '/' && i + 1 < uri.length() && (uri.charAt(i + 1) == '/' || uri.charAt(i + 1) == '.')) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "PathPrefixGuard " + String.join(", ", this.prefixes) + " -> " + this.delegate;
	}

}
