package dev.observability.endpoint.reactiveapp;

import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;

/**
 * A small WebFlux application for the scrape endpoint tests: one open route, one private
 * route, and a web filter telling in a header which authorities the reactive security
 * context holds. {@code testapp.security=permit-all} brings a chain that lets everything
 * through; {@code testapp.security=own} a chain like the servlet test application's:
 * {@code /api/**} and health open, everything else behind form login and basic auth for
 * its own user.
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

}
