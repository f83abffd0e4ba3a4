package dev.observability.endpoint.reactiveapp;

import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;

/**
 * A small WebFlux application for the scrape endpoint tests: one open route, one private
 * route, and a web filter telling in a header which authorities the reactive security
 * context holds. {@code testapp.security=permit-all} brings a chain that lets everything
 * through; {@code testapp.security=own} a chain like the servlet test application's:
 * {@code /api/**} and health open, everything else behind form login and basic auth for
 * its own user; {@code testapp.security=actuator} a chain scoped to /actuator/** for its
 * own user.
 */
@SpringBootApplication
public class ReactiveEndpointTestApplication {

	/** The header naming the authorities seen in the reactive security context. */
	public static final String AUTHORITIES_HEADER = "X-Test-Authorities";

	@Bean
	@Order(0)
	WebFilter authoritiesHeader() {
		return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
			.filter((context) -> context.getAuthentication() != null)
			.map((context) -> context.getAuthentication()
				.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.collect(Collectors.joining(",")))
			.defaultIfEmpty("none")
			.flatMap((authorities) -> {
				exchange.getResponse().getHeaders().set(AUTHORITIES_HEADER, authorities);
				return chain.filter(exchange);
			});
	}

	@Bean
	ShopEndpoint shopEndpoint() {
		return new ShopEndpoint();
	}

	/** A custom actuator endpoint: sensitive like every endpoint but health and info. */
	@Endpoint(id = "shop")
	static class ShopEndpoint {

		@ReadOperation
		java.util.Map<String, String> read() {
			return java.util.Map.of("orders", "42");
		}

	}

	@RestController
	static class ShopController {

		@GetMapping("/api/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/private/data")
		Mono<String> data() {
			return Mono.just("private");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "testapp.security", havingValue = "permit-all")
	static class PermitAllSecurityConfiguration {

		@Bean
		SecurityWebFilterChain appSecurity(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "testapp.security", havingValue = "own")
	static class OwnSecurityConfiguration {

		@Bean
		SecurityWebFilterChain appSecurity(ServerHttpSecurity http) {
			return http
				.authorizeExchange((exchanges) -> exchanges.pathMatchers("/api/**", "/actuator/health")
					.permitAll()
					.anyExchange()
					.authenticated())
				.formLogin(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService appUsers() {
			return new MapReactiveUserDetailsService(
					User.withUsername("alice").password("{noop}wonderland").roles("USER").build());
		}

	}

	/**
	 * The application's own chain scoped to the actuator's paths, with its own operator
	 * user: it takes the endpoints over from the starter.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "testapp.security", havingValue = "actuator")
	static class ActuatorSecurityConfiguration {

		@Bean
		SecurityWebFilterChain actuatorSecurity(ServerHttpSecurity http) {
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/actuator/**"))
				.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health")
					.permitAll()
					.anyExchange()
					.hasRole("OPS"))
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService appUsers() {
			return new MapReactiveUserDetailsService(
					User.withUsername("ops").password("{noop}ops-pass").roles("OPS").build());
		}

	}

}
