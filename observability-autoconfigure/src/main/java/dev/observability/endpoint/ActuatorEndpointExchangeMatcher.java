package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Matches the exchanges with actuator endpoints that need credentials under an
 * {@link EndpointAccessPolicy}, the reactive twin of
 * {@link ActuatorEndpointRequestMatcher}, without needing Spring Boot's security module:
 * paths come from the {@link PathMappedEndpoints} of the context serving the exchange
 * (base path and path mappings included) and are matched against the path within the
 * application, so {@code spring.webflux.base-path} and
 * {@code management.server.base-path} are honoured; with a separate management port only
 * exchanges on that port match. Matching uses the parsed path the endpoints' own handler
 * mapping uses, so an encoded character or a matrix parameter does not lead around it.
 * <p>
 * An exchange that the application's own security chain scoped to actuator paths would
 * handle (the first of its chains that matches the exchange does not match a path outside
 * the actuator too) is left to it: the application's security wins.
 */
public class ActuatorEndpointExchangeMatcher implements ServerWebExchangeMatcher {

	private static final Logger logger = LoggerFactory.getLogger(ActuatorEndpointExchangeMatcher.class);

	private static final Mono<MatchResult> MATCH = MatchResult.match();

	private static final Mono<MatchResult> NO_MATCH = MatchResult.notMatch();

	/** A path no actuator endpoint is served at, to tell a catch-all chain. */
	private static final String OUTSIDE_THE_ACTUATOR = "/observability-starter/catch-all-check";

	private final EndpointAccessPolicy policy;

	private final ApplicationContext defaultContext;

	private final Map<ApplicationContext, Endpoint[]> patterns = new ConcurrentHashMap<>(4);

	private final Map<SecurityWebFilterChain, Boolean> catchAll = new ConcurrentHashMap<>(4);

	private final Set<EndpointId> leftToApplication = ConcurrentHashMap.newKeySet();

	private volatile Supplier<List<SecurityWebFilterChain>> chains = List::of;

	private volatile @Nullable List<SecurityWebFilterChain> applicationChains;

	/**
	 * Creates a matcher.
	 * @param policy which endpoints need credentials
	 * @param defaultContext the context to read the endpoints' paths from when an
	 * exchange names none (a handler built without an application context)
	 */
	public ActuatorEndpointExchangeMatcher(EndpointAccessPolicy policy, ApplicationContext defaultContext) {
		this.policy = policy;
		this.defaultContext = defaultContext;
	}

	/**
	 * Leaves an exchange to the application's own chains when the first of them that
	 * matches it is scoped to some paths.
	 * @param chains the application's chains in order, the starter's own left out; called
	 * once, at the first exchange with an endpoint
	 */
	public void leaveToApplicationChains(Supplier<List<SecurityWebFilterChain>> chains) {
		this.chains = chains;
		this.applicationChains = null;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		if (!isMatch(exchange)) {
			return NO_MATCH;
		}
		List<SecurityWebFilterChain> application = applicationChains();
		if (application.isEmpty()) {
			return MATCH;
		}
		return Flux.fromIterable(application)
			.concatMap((chain) -> chain.matches(exchange).filter(Boolean::booleanValue).map((matched) -> chain))
			.next()
			.flatMap((chain) -> isCatchAll(chain, exchange))
			.defaultIfEmpty(true)
			.flatMap((catchAll) -> catchAll ? MATCH : stepAside(exchange));
	}

	/**
	 * Whether the exchange is for an endpoint that needs credentials, without asking the
	 * application's chains and without allocating a publisher.
	 * @param exchange the exchange
	 * @return true for an endpoint that needs credentials
	 */
	public boolean isMatch(ServerWebExchange exchange) {
		EndpointId endpoint = endpointOf(exchange);
		return endpoint != null && this.policy.needsCredentials(endpoint, exchange.getRequest().getMethod().name());
	}

	/**
	 * The exposed endpoint an exchange is for.
	 * @param exchange the exchange
	 * @return the endpoint's id, null for an exchange with anything else
	 */
	public @Nullable EndpointId endpointOf(ServerWebExchange exchange) {
		ApplicationContext context = exchange.getApplicationContext();
		Endpoint[] candidates = this.patterns.computeIfAbsent((context != null) ? context : this.defaultContext,
				this::createPatterns);
		if (candidates.length == 0) {
			return null;
		}
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (Endpoint candidate : candidates) {
			if (candidate.pattern().matches(path)) {
				return candidate.id();
			}
		}
		return null;
	}

	/**
	 * Leaves the exchange to the application's scoped chain that matched it, saying so
	 * once per endpoint.
	 */
	private Mono<MatchResult> stepAside(ServerWebExchange exchange) {
		EndpointId endpoint = endpointOf(exchange);
		if (endpoint != null && this.leftToApplication.add(endpoint)) {
			logger.info("The actuator endpoint '{}' is left to the application's own security chain: "
					+ "the observability starter steps aside for it", endpoint);
		}
		return NO_MATCH;
	}

	private Mono<Boolean> isCatchAll(SecurityWebFilterChain chain, ServerWebExchange exchange) {
		Boolean known = this.catchAll.get(chain);
		if (known != null) {
			return Mono.just(known);
		}
		String outside = exchange.getRequest().getPath().contextPath().value() + OUTSIDE_THE_ACTUATOR;
		ServerWebExchange elsewhere = exchange.mutate().request((request) -> request.path(outside)).build();
		return chain.matches(elsewhere).doOnNext((all) -> this.catchAll.put(chain, all));
	}

	private List<SecurityWebFilterChain> applicationChains() {
		List<SecurityWebFilterChain> found = this.applicationChains;
		if (found == null) {
			found = List.copyOf(this.chains.get());
			this.applicationChains = found;
		}
		return found;
	}

	private Endpoint[] createPatterns(ApplicationContext context) {
		List<ActuatorEndpointPaths.Mapped> exposed = new ArrayList<>(ActuatorEndpointPaths.exposedBy(context));
		exposed.removeIf((endpoint) -> !this.policy.handles(endpoint.id()));
		// The deepest path first, should one endpoint be mapped beneath another.
		exposed.sort(Comparator.comparingInt((ActuatorEndpointPaths.Mapped endpoint) -> endpoint.path().length())
			.reversed());
		PathPatternParser parser = PathPatternParser.defaultInstance;
		Endpoint[] endpoints = new Endpoint[exposed.size()];
		for (int i = 0; i < endpoints.length; i++) {
			ActuatorEndpointPaths.Mapped endpoint = exposed.get(i);
			endpoints[i] = new Endpoint(endpoint.id(),
					parser.parse(parser.initFullPathPattern(endpoint.path() + "/**")));
		}
		return endpoints;
	}

	@Override
	public String toString() {
		return "ActuatorEndpointExchangeMatcher " + this.policy;
	}

	private record Endpoint(EndpointId id, PathPattern pattern) {
	}

}
