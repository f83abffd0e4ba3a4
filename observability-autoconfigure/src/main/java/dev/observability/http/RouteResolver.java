package dev.observability.http;

import dev.observability.core.BoundedLabelValues;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Decides the {@code route} label of a request: the matched route template, never the raw path.
 * <ul>
 * <li>the pattern the dispatcher matched, when it ran;</li>
 * <li>otherwise the most specific application template that matches the path (so a 401 from
 * security still gets {@code /api/users/{id}});</li>
 * <li>otherwise {@code NOT_FOUND} for a 404 and {@code UNMATCHED} for anything else;</li>
 * <li>past the cap on distinct routes, {@code OTHER}.</li>
 * </ul>
 */
public class RouteResolver {

	/** Route of a 404 that matched no template. */
	public static final String NOT_FOUND = "NOT_FOUND";

	/** Route of any other response that matched no template. */
	public static final String UNMATCHED = "UNMATCHED";

	/** The static-resource catch-all: on a 404 it means that nothing matched. */
	private static final String RESOURCE_CATCH_ALL = "/**";

	private final RouteTemplateMatcher templates;

	private final BoundedLabelValues routes;

	/**
	 * Creates a resolver.
	 * @param templates matches requests that the dispatcher never saw; may be {@code null}
	 * @param maxRoutes how many distinct routes are kept before further ones become {@code OTHER}
	 */
	public RouteResolver(RouteTemplateMatcher templates, int maxRoutes) {
		this.templates = templates;
		this.routes = new BoundedLabelValues("route", maxRoutes);
	}

	/**
	 * Returns the route label for a request that has been answered with the given status.
	 */
	public String resolve(HttpServletRequest request, int status) {
		String pattern = matchedPattern(request);
		if (pattern == null && this.templates != null) {
			pattern = this.templates.match(request);
		}
		if (pattern == null || (status == 404 && RESOURCE_CATCH_ALL.equals(pattern))) {
			return (status == 404) ? NOT_FOUND : UNMATCHED;
		}
		return this.routes.bound(pattern);
	}

	/**
	 * Returns the bounded route the dispatcher matched, or {@code null} when it has not matched
	 * one yet. Used to put the route into the MDC while the handler runs.
	 */
	public String matchedRoute(HttpServletRequest request) {
		String pattern = matchedPattern(request);
		return (pattern != null) ? this.routes.bound(pattern) : null;
	}

	private static String matchedPattern(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern instanceof String string) ? string : null;
	}

}
