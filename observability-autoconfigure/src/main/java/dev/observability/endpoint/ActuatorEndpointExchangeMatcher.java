package dev.observability.endpoint;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Matches exchanges for the given actuator endpoints and everything beneath them, the
 * reactive twin of {@link ActuatorEndpointRequestMatcher}, without needing Spring Boot's
 * security module: paths come from the {@link PathMappedEndpoints} of the context serving
 * the exchange (base path and path mappings included) and are matched against the path
 * within the application, so {@code spring.webflux.base-path} and
 * {@code management.server.base-path} are honoured; with a separate management port only
 * exchanges on that port match. Matching uses the parsed path the endpoints' own handler
 * mapping uses, so an encoded character or a matrix parameter does not lead around it.
 */
public class ActuatorEndpointExchangeMatcher implements ServerWebExchangeMatcher {

	private static final Mono<MatchResult> MATCH = MatchResult.match();

	private static final Mono<MatchResult> NO_MATCH = MatchResult.notMatch();

	private final List<EndpointId> endpoints;

	private final ApplicationContext defaultContext;

	private final Map<ApplicationContext, PathPattern[]> patterns = new ConcurrentHashMap<>(4);

	/**
	 * Creates a matcher.
	 * @param endpoints ids of the endpoints to match
	 * @param defaultContext the context to read the endpoints' paths from when an
	 * exchange names none (a handler built without an application context)
	 */
	public ActuatorEndpointExchangeMatcher(List<String> endpoints, ApplicationContext defaultContext) {
		this.endpoints = ActuatorEndpointPaths.ids(endpoints);
		this.defaultContext = defaultContext;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return isMatch(exchange) ? MATCH : NO_MATCH;
	}

	/**
	 * Whether the exchange is for one of the endpoints, without allocating a publisher.
	 * @param exchange the exchange
	 * @return true for a scrape endpoint
	 */
	public boolean isMatch(ServerWebExchange exchange) {
		ApplicationContext context = exchange.getApplicationContext();
		PathPattern[] candidates = this.patterns.computeIfAbsent((context != null) ? context : this.defaultContext,
				this::createPatterns);
		if (candidates.length == 0) {
			return false;
		}
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern candidate : candidates) {
			if (candidate.matches(path)) {
				return true;
			}
		}
		return false;
	}

	private PathPattern[] createPatterns(ApplicationContext context) {
		List<String> paths = ActuatorEndpointPaths.servedBy(context, this.endpoints);
		PathPatternParser parser = PathPatternParser.defaultInstance;
		PathPattern[] patterns = new PathPattern[paths.size()];
		for (int i = 0; i < patterns.length; i++) {
			patterns[i] = parser.parse(parser.initFullPathPattern(paths.get(i) + "/**"));
		}
		return patterns;
	}

	@Override
	public String toString() {
		return "ActuatorEndpointExchangeMatcher " + this.endpoints;
	}

}
