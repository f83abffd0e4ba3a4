package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Matches requests for the given actuator endpoints and everything beneath them, like
 * Spring Boot's {@code EndpointRequest.to(...)} but without needing Boot's security
 * module: paths come from the {@link PathMappedEndpoints} of the context serving the
 * request (base path and path mappings included), the dispatcher servlet's path is
 * honoured, and with a separate management port only requests on that port match.
 */
public class ActuatorEndpointRequestMatcher implements RequestMatcher {

	private static final RequestMatcher NONE = (request) -> false;

	private static final String DISPATCHER_SERVLET_PATH = "org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath";

	private final List<EndpointId> endpoints;

	private final Map<WebApplicationContext, RequestMatcher> delegates = new ConcurrentHashMap<>(4);

	/**
	 * Creates a matcher.
	 * @param endpoints ids of the endpoints to match
	 */
	public ActuatorEndpointRequestMatcher(List<String> endpoints) {
		this.endpoints = ActuatorEndpointPaths.ids(endpoints);
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		WebApplicationContext context = WebApplicationContextUtils
			.getWebApplicationContext(request.getServletContext());
		if (context == null) {
			return false;
		}
		return this.delegates.computeIfAbsent(context, this::createDelegate).matches(request);
	}

	private RequestMatcher createDelegate(WebApplicationContext context) {
		List<String> paths = ActuatorEndpointPaths.servedBy(context, this.endpoints);
		if (paths.isEmpty()) {
			return NONE;
		}
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		String servletPath = dispatcherServletPath(context);
		if (servletPath != null && !servletPath.isEmpty() && !servletPath.equals("/")) {
			builder = builder
				.basePath(servletPath.endsWith("/") ? servletPath.substring(0, servletPath.length() - 1) : servletPath);
		}
		String basePath = (servletPath == null || servletPath.equals("/")) ? ""
				: (servletPath.endsWith("/") ? servletPath.substring(0, servletPath.length() - 1) : servletPath);
		List<RequestMatcher> matchers = new ArrayList<>(paths.size() * 2);
		List<String> prefixes = new ArrayList<>(paths.size());
		for (String root : paths) {
			matchers.add(builder.matcher(root.isEmpty() ? "/" : root));
			matchers.add(builder.matcher(root + "/**"));
			prefixes.add(basePath + root);
		}
		return new PathPrefixGuard(prefixes, new OrRequestMatcher(matchers));
	}

	private static @Nullable String dispatcherServletPath(WebApplicationContext context) {
		if (!ClassUtils.isPresent(DISPATCHER_SERVLET_PATH, ActuatorEndpointRequestMatcher.class.getClassLoader())) {
			return null;
		}
		org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath path = context
			.getBeanProvider(org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath.class)
			.getIfAvailable();
		return (path != null) ? path.getPath() : null;
	}

	@Override
	public String toString() {
		return "ActuatorEndpointRequestMatcher " + this.endpoints;
	}

}
