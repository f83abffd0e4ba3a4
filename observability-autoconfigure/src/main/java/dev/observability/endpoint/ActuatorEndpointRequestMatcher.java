package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterInvocation;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Matches the requests to actuator endpoints that need credentials under an
 * {@link EndpointAccessPolicy}, like Spring Boot's {@code EndpointRequest.to(...)} but
 * without needing Boot's security module: paths come from the {@link PathMappedEndpoints}
 * of the context serving the request (base path and path mappings included), the
 * dispatcher servlet's path is honoured, and with a separate management port only
 * requests on that port match.
 * <p>
 * A request that the application's own security chain scoped to actuator paths would
 * handle (the first of its chains that matches the request is not a catch-all chain) is
 * left to it: the application's security wins.
 */
public class ActuatorEndpointRequestMatcher implements RequestMatcher, ApplicationEndpointOwners {

	private static final Logger logger = LoggerFactory.getLogger(ActuatorEndpointRequestMatcher.class);

	private static final Endpoints NONE = new Endpoints(null, List.of());

	private static final String DISPATCHER_SERVLET_PATH = "org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath";

	private final EndpointAccessPolicy policy;

	private final @Nullable ObjectProvider<SecurityFilterChain> chains;

	private final Map<WebApplicationContext, Endpoints> delegates = new ConcurrentHashMap<>(4);

	private final Set<EndpointId> leftToApplication = ConcurrentHashMap.newKeySet();

	private volatile @Nullable List<SecurityFilterChain> applicationChains;

	/**
	 * Creates a matcher for an application without security chains of its own.
	 * @param policy which endpoints need credentials
	 */
	public ActuatorEndpointRequestMatcher(EndpointAccessPolicy policy) {
		this(policy, null);
	}

	/**
	 * Creates a matcher.
	 * @param policy which endpoints need credentials
	 * @param chains every security filter chain of the application, the starter's own
	 * included; null for none
	 */
	public ActuatorEndpointRequestMatcher(EndpointAccessPolicy policy,
			@Nullable ObjectProvider<SecurityFilterChain> chains) {
		this.policy = policy;
		this.chains = chains;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		EndpointId endpoint = endpointOf(request);
		return endpoint != null && this.policy.needsCredentials(endpoint, request.getMethod())
				&& !isLeftToApplication(request, endpoint);
	}

	/**
	 * The exposed endpoint a request is for.
	 * @param request the request
	 * @return the endpoint's id, null for a request to anything else
	 */
	public @Nullable EndpointId endpointOf(HttpServletRequest request) {
		WebApplicationContext context = WebApplicationContextUtils
			.getWebApplicationContext(request.getServletContext());
		if (context == null) {
			return null;
		}
		Endpoints endpoints = this.delegates.computeIfAbsent(context, this::createDelegate);
		if (endpoints.guard() == null || !endpoints.guard().matches(request)) {
			return null;
		}
		for (Endpoint endpoint : endpoints.endpoints()) {
			if (endpoint.matcher().matches(request)) {
				return endpoint.id();
			}
		}
		return null;
	}

	private boolean isLeftToApplication(HttpServletRequest request, EndpointId endpoint) {
		SecurityFilterChain owner = owner(request);
		if (owner != null && this.leftToApplication.add(endpoint)) {
			logger.info("The actuator endpoint '{}' is left to the application's own security chain {}: "
					+ "the observability starter steps aside for it", endpoint, describe(owner));
		}
		return owner != null;
	}

	/**
	 * The application's chain that decides the request instead of the starter: the first
	 * of its chains that matches the request, when that one is scoped (not a catch-all
	 * chain).
	 */
	private @Nullable SecurityFilterChain owner(HttpServletRequest request) {
		for (SecurityFilterChain chain : applicationChains()) {
			if (chain.matches(request)) {
				return isCatchAll(chain) ? null : chain;
			}
		}
		return null;
	}

	private List<SecurityFilterChain> applicationChains() {
		List<SecurityFilterChain> found = this.applicationChains;
		if (found == null) {
			found = (this.chains != null) ? this.chains.orderedStream().filter(this::isApplications).toList()
					: List.of();
			this.applicationChains = found;
		}
		return found;
	}

	private boolean isApplications(SecurityFilterChain chain) {
		return !(chain instanceof DefaultSecurityFilterChain own && own.getRequestMatcher() == this);
	}

	/**
	 * Whether a chain is the application's general one (built without a security
	 * matcher), as opposed to one scoped to some paths.
	 * @param chain the chain
	 * @return true for a chain that matches any request
	 */
	static boolean isCatchAll(SecurityFilterChain chain) {
		return chain instanceof DefaultSecurityFilterChain scoped
				&& scoped.getRequestMatcher() instanceof AnyRequestMatcher;
	}

	static String describe(SecurityFilterChain chain) {
		return (chain instanceof DefaultSecurityFilterChain scoped) ? "matching " + scoped.getRequestMatcher()
				: chain.getClass().getName();
	}

	/**
	 * Names the endpoints a GET to which the application's own scoped chains would take,
	 * asking them with Spring Security's stand-in request.
	 */
	@Override
	public Set<String> leftToApplication(ApplicationContext context) {
		if (applicationChains().stream().allMatch(ActuatorEndpointRequestMatcher::isCatchAll)
				|| !(context instanceof WebApplicationContext web) || web.getServletContext() == null) {
			return Set.of();
		}
		ServletContext servletContext = web.getServletContext();
		String servletPath = dispatcherServletPath(web);
		String prefix = (servletPath == null || servletPath.equals("/")) ? ""
				: (servletPath.endsWith("/") ? servletPath.substring(0, servletPath.length() - 1) : servletPath);
		Set<String> left = new TreeSet<>();
		for (ActuatorEndpointPaths.Mapped endpoint : ActuatorEndpointPaths.exposedBy(context)) {
			if (!this.policy.needsCredentials(endpoint.id(), "GET")) {
				continue;
			}
			HttpServletRequest request = new AttributesKept(new FilterInvocation(servletContext.getContextPath(),
					prefix + endpoint.path(), "GET", servletContext)
				.getRequest());
			try {
				if (owner(request) != null) {
					left.add(endpoint.id().toString());
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not tell at startup whether the application's own chains take over {}", endpoint,
						ex);
			}
		}
		return left;
	}

	private Endpoints createDelegate(WebApplicationContext context) {
		List<ActuatorEndpointPaths.Mapped> exposed = new ArrayList<>(ActuatorEndpointPaths.exposedBy(context));
		exposed.removeIf((endpoint) -> !this.policy.handles(endpoint.id()));
		if (exposed.isEmpty()) {
			return NONE;
		}
		// The deepest path first, should one endpoint be mapped beneath another.
		exposed.sort(Comparator.comparingInt((ActuatorEndpointPaths.Mapped endpoint) -> endpoint.path().length())
			.reversed());
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		String servletPath = dispatcherServletPath(context);
		if (servletPath != null && !servletPath.isEmpty() && !servletPath.equals("/")) {
			builder = builder
				.basePath(servletPath.endsWith("/") ? servletPath.substring(0, servletPath.length() - 1) : servletPath);
		}
		String basePath = (servletPath == null || servletPath.equals("/")) ? ""
				: (servletPath.endsWith("/") ? servletPath.substring(0, servletPath.length() - 1) : servletPath);
		List<Endpoint> endpoints = new ArrayList<>(exposed.size());
		List<String> prefixes = new ArrayList<>(exposed.size());
		for (ActuatorEndpointPaths.Mapped endpoint : exposed) {
			String root = endpoint.path();
			endpoints.add(new Endpoint(endpoint.id(),
					new OrRequestMatcher(builder.matcher(root.isEmpty() ? "/" : root), builder.matcher(root + "/**"))));
			prefixes.add(basePath + root);
		}
		return new Endpoints(new PathPrefixGuard(prefixes, AnyRequestMatcher.INSTANCE), List.copyOf(endpoints));
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
		return "ActuatorEndpointRequestMatcher " + this.policy;
	}

	/**
	 * The endpoints served by one context.
	 *
	 * @param guard answers "no" cheaply for requests to anything else; null when the
	 * context serves no endpoint
	 * @param endpoints each endpoint with its matcher, deepest path first
	 */
	private record Endpoints(@Nullable PathPrefixGuard guard, List<Endpoint> endpoints) {
	}

	private record Endpoint(EndpointId id, RequestMatcher matcher) {
	}

	/**
	 * Spring Security's stand-in request with attributes, which path matchers cache the
	 * parsed path in.
	 */
	private static final class AttributesKept extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		AttributesKept(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return Collections.enumeration(this.attributes.keySet());
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.attributes.put(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
		}

	}

}
