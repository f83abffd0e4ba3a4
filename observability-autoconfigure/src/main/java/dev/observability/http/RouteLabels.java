package dev.observability.http;

import dev.observability.core.BoundedLabelValues;
import org.jspecify.annotations.Nullable;

/**
 * The {@code route} label rules both stacks share: a matched template is kept up to the
 * cap on distinct routes ({@code OTHER} past it); no template is {@code NOT_FOUND} for a
 * 404 and {@code UNMATCHED} otherwise; the static-resource catch-all on a 404 counts as
 * no match.
 */
final class RouteLabels {

	/** The static-resource catch-all: on a 404 it means that nothing matched. */
	private static final String RESOURCE_CATCH_ALL = "/**";

	private final BoundedLabelValues routes;

	RouteLabels(int maxRoutes) {
		this.routes = new BoundedLabelValues("route", maxRoutes);
	}

	/**
	 * The route label of an answered request.
	 * @param pattern the matched template, or {@code null}
	 * @param status the response status
	 */
	String label(@Nullable String pattern, int status) {
		if (pattern == null || (status == 404 && RESOURCE_CATCH_ALL.equals(pattern))) {
			return (status == 404) ? RouteResolver.NOT_FOUND : RouteResolver.UNMATCHED;
		}
		return this.routes.bound(pattern);
	}

	/**
	 * The bounded label of a template the dispatcher matched, for the MDC while the
	 * handler runs.
	 * @param pattern the matched template, or {@code null}
	 */
	@Nullable String matched(@Nullable String pattern) {
		return (pattern != null) ? this.routes.bound(pattern) : null;
	}

}
