package dev.observability.http;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Decides the {@code route} label of a reactive request with the same rules as
 * {@link RouteResolver}: the pattern the handler mapping matched (annotated controllers
 * and router functions alike), otherwise the most specific application template that
 * matches the path (so a 401 from security still gets {@code /api/users/{id}}), otherwise
 * {@code NOT_FOUND} or {@code UNMATCHED}; past the cap, {@code OTHER}.
 */
public class ReactiveRouteResolver {

	private final @Nullable RouteTemplateMatcher templates;

	private final RouteLabels labels;

	/**
	 * Creates a resolver.
	 * @param templates matches requests that no handler mapping matched; may be
	 * {@code null}
	 * @param maxRoutes how many distinct routes are kept before further ones become
	 * {@code OTHER}
	 */
	public ReactiveRouteResolver(@Nullable RouteTemplateMatcher templates, int maxRoutes) {
		this.templates = templates;
		this.labels = new RouteLabels(maxRoutes);
	}

	/**
	 * Returns the route label of an answered request.
	 * @param exchange the exchange, or {@code null} when the request never got one
	 * @param request the request
	 * @param status the response status
	 * @return the route label
	 */
	public String resolve(@Nullable ServerWebExchange exchange, ServerHttpRequest request, int status) {
		String pattern = matchedPattern(exchange);
		if (pattern == null && this.templates != null) {
			pattern = this.templates.match(request.getPath().pathWithinApplication());
		}
		return this.labels.label(pattern, status);
	}

	/**
	 * Returns the bounded route the handler mapping matched, or {@code null} when it has
	 * not matched one yet. Used to put the route into the MDC while the handler runs.
	 * @param exchange the exchange; may be {@code null}
	 * @return the route label, or {@code null}
	 */
	public @Nullable String matchedRoute(@Nullable ServerWebExchange exchange) {
		return this.labels.matched(matchedPattern(exchange));
	}

	private static @Nullable String matchedPattern(@Nullable ServerWebExchange exchange) {
		if (exchange == null) {
			return null;
		}
		Object pattern = exchange.getAttributes().get(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern instanceof PathPattern pathPattern) {
			return pathPattern.getPatternString();
		}
		return (pattern instanceof String string) ? string : null;
	}

}
