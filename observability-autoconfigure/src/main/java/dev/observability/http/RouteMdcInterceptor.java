package dev.observability.http;

import dev.observability.core.LabelNames;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Puts the matched route into the MDC as soon as the dispatcher has matched a handler, so
 * that log lines written by the handler carry the same {@code route} as the request's
 * metrics. The filter restores the MDC when the request ends.
 */
class RouteMdcInterceptor implements HandlerInterceptor {

	private final RouteResolver routes;

	/**
	 * Creates the interceptor.
	 * @param routes decides the route label, with the same bound as the metrics
	 */
	RouteMdcInterceptor(RouteResolver routes) {
		this.routes = routes;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String route = this.routes.matchedRoute(request);
		if (route != null) {
			MDC.put(LabelNames.ROUTE, route);
		}
		return true;
	}

}
