package dev.observability.endpoint;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.handler.DefaultWebFilterChain;

/**
 * Runs the scrape endpoints' filters as a plain {@link WebFilter} when the application
 * has no Spring Security {@code WebFilterChainProxy}: the reactive twin of
 * {@link EndpointOnlyFilter}. Every other exchange passes untouched: no firewall, no
 * security context, nothing the application would notice, and no publisher allocated to
 * decide it.
 */
class EndpointOnlyWebFilter implements WebFilter, Ordered {

	private final ActuatorEndpointExchangeMatcher endpoints;

	private final List<WebFilter> filters;

	private final int order;

	/**
	 * Creates the filter.
	 * @param endpoints the exchanges to run the filters for
	 * @param filters the filters, in order
	 * @param order the order among the application's web filters
	 */
	EndpointOnlyWebFilter(ActuatorEndpointExchangeMatcher endpoints, List<WebFilter> filters, int order) {
		this.endpoints = endpoints;
		this.filters = List.copyOf(filters);
		this.order = order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next) {
		if (this.endpoints.isMatch(exchange)) {
			return new DefaultWebFilterChain(next::filter, this.filters).filter(exchange);
		}
		return next.filter(exchange);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
