package dev.observability.http;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Decides the {@code route} label of a servlet request: the matched route template, never
 * the raw path.
 * <ul>
 * <li>the pattern the dispatcher matched, when it ran;</li>
 * <li>otherwise the most specific application template that matches the path (so a 401
 * from security still gets {@code /api/users/{id}});</li>
 * <li>otherwise {@code NOT_FOUND} for a 404 and {@code UNMATCHED} for anything else;</li>
 * <li>past the cap on distinct routes, {@code OTHER}.</li>
 * </ul>
 */
public class RouteResolver {

	/** Route of a 404 that matched no template. */
	public static final String NOT_FOUND = "NOT_FOUND";

	/** Route of any other response that matched no template. */
	public static final String UNMATCHED = "UNMATCHED";

	private final @Nullable RouteTemplateMatcher templates;

	private final RouteLabels labels;

	/**
	 * Creates a resolver.
	 * @param templates matches requests that the dispatcher never saw; may be
	 * {@code null}
	 * @param maxRoutes how many distinct routes are kept before further ones become
	 * {@code OTHER}
	 */
	public RouteResolver(@Nullable RouteTemplateMatcher templates, int maxRoutes) {
		this.templates = templates;
		this.labels = new RouteLabels(maxRoutes);
	}

	/**
	 * Returns the route label for a request that has been answered with the given status.
	 */
	public String resolve(HttpServletRequest request, int status) {
		String pattern = matchedPattern(request);
		if (pattern == null && this.templates != null) {
			pattern = this.templates.match(pathWithinApplication(request));
		}
		return this.labels.label(pattern, status);
	}

	/**
	 * Returns the bounded route the dispatcher matched, or {@code null} when it has not
	 * matched one yet. Used to put the route into the MDC while the handler runs.
	 */
	public @Nullable String matchedRoute(HttpServletRequest request) {
		return this.labels.matched(matchedPattern(request));
	}

	private static @Nullable String matchedPattern(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern instanceof String string) ? string : null;
	}

	private static @Nullable String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null) {
			return null;
		}
		String contextPath = request.getContextPath();
		if (contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)) {
			return uri.substring(contextPath.length());
		}
		return uri;
	}

}
