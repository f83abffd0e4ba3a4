package dev.observability.http;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Marks an exchange whose exception no application {@code WebExceptionHandler} took:
 * ordered just before Spring Boot's error handler (order -1), it sees only what reaches
 * the framework's default error handling, and passes it on untouched. The reactive
 * measurement counts such an exception as a panic.
 */
class UnhandledExceptionMarker implements WebExceptionHandler, Ordered {

	/**
	 * Order of the marker: right before Spring Boot's {@code ErrorWebExceptionHandler}.
	 */
	public static final int ORDER = -2;

	private static final String ATTRIBUTE = UnhandledExceptionMarker.class.getName() + ".REACHED";

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		exchange.getAttributes().put(ATTRIBUTE, Boolean.TRUE);
		return Mono.error(ex);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	static boolean reachedDefaultHandling(ServerWebExchange exchange) {
		return exchange.getAttributes().containsKey(ATTRIBUTE);
	}

}
