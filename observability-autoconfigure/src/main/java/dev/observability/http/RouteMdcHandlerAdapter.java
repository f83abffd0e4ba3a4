package dev.observability.http;

import dev.observability.core.LabelNames;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the matched route into the MDC as soon as WebFlux's dispatcher has matched a
 * handler, so that log lines the handler writes on the dispatching thread carry the same
 * {@code route} as the request's metrics (WebFlux has no handler interceptor: the
 * dispatcher asks every adapter, first this one, whether it supports the matched
 * handler). It supports no handler itself; the measurement restores the MDC when the
 * request ends.
 */
public class RouteMdcHandlerAdapter implements HandlerAdapter, Ordered {

	@Override
	public boolean supports(Object handler) {
		ExchangeMeasurement measurement = ExchangeContextAccessor.current();
		if (measurement != null) {
			String route = measurement.matchedRoute();
			if (route != null) {
				MDC.put(LabelNames.ROUTE, route);
			}
		}
		return false;
	}

	@Override
	public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
		return Mono.error(new IllegalStateException("RouteMdcHandlerAdapter supports no handler"));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
