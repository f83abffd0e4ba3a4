package dev.observability.endpoint;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * HTTP basic auth for the protected actuator endpoints on WebFlux, answering exactly as
 * the servlet {@link ScrapeAuthenticationFilter}: stateless, 401 with
 * {@code WWW-Authenticate} for missing or wrong credentials, 403 for a user who may not
 * make the request, 429 for an address locked out. The authenticated scrape user holds
 * the authority {@value ScrapeAuthenticator#AUTHORITY} in the
 * {@link ReactiveSecurityContextHolder} for the rest of the exchange only. An encoded
 * password (bcrypt, ...) is checked off the event loop, as Spring Security's reactive
 * authentication managers do.
 */
class ScrapeAuthenticationWebFilter implements WebFilter {

	private static final MediaType TEXT_PLAIN_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	private final ScrapeAuthenticator authenticator;

	private final @Nullable ActuatorEndpointExchangeMatcher endpoints;

	/**
	 * Creates the filter.
	 * @param authenticator decides each exchange, as for the servlet filter
	 */
	ScrapeAuthenticationWebFilter(ScrapeAuthenticator authenticator) {
		this(authenticator, null);
	}

	/**
	 * Creates the filter.
	 * @param authenticator decides each exchange, as for the servlet filter
	 * @param endpoints tells which endpoint an exchange is for, so the authenticator can
	 * tell whether the user may make it; null to check the credentials only
	 */
	ScrapeAuthenticationWebFilter(ScrapeAuthenticator authenticator,
			@Nullable ActuatorEndpointExchangeMatcher endpoints) {
		this.authenticator = authenticator;
		this.endpoints = endpoints;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String address = address(request);
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		EndpointId endpoint = (this.endpoints != null) ? this.endpoints.endpointOf(exchange) : null;
		String method = request.getMethod().name();
		if (!this.authenticator.isSlow()) {
			return proceed(exchange, chain, this.authenticator.authenticate(address, authorization, endpoint, method));
		}
		return Mono.fromCallable(() -> this.authenticator.authenticate(address, authorization, endpoint, method))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((decision) -> proceed(exchange, chain, decision));
	}

	private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain,
			ScrapeAuthenticator.Decision decision) {
		Authentication authentication = decision.authentication();
		if (authentication != null) {
			return chain.filter(exchange)
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
		}
		return answer(exchange.getResponse(), decision);
	}

	private static Mono<Void> answer(ServerHttpResponse response, ScrapeAuthenticator.Decision refusal) {
		response.setStatusCode(HttpStatusCode.valueOf(refusal.status()));
		String header = refusal.header();
		if (header != null) {
			response.getHeaders().set(header, refusal.headerValue());
		}
		response.getHeaders().setContentType(TEXT_PLAIN_UTF8);
		String text = Objects.requireNonNull(refusal.body());
		DataBuffer body = response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	/**
	 * The client's IP address, as a servlet container's {@code getRemoteAddr()} gives it.
	 */
	private static String address(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
