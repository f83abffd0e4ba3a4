package dev.observability.endpoint.testapp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application for the scrape endpoint tests: one open route, one private route,
 * and two meters whose tags carry personal data and a token. With
 * {@code testapp.security=own} it brings its own security: a chain with form login and
 * basic auth for its own users, /api/** and health open; with
 * {@code testapp.security=permit-all} a chain that lets every request through; with
 * {@code testapp.security=actuator} a chain scoped to /actuator/** for its own user.
 */
@SpringBootApplication
public class EndpointTestApplication {

	/** A JSON Web Token, as it might leak into a tag. */
	public static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

	@Bean
	MeterBinder leakyMeters() {
		return (registry) -> {
			Counter.builder("shop.signups").tag("user_email", "a@b.com").register(registry).increment();
			Counter.builder("shop.logins").tag("client", JWT).register(registry).increment();
			Counter.builder("shop.debug.calls").register(registry).increment();
		};
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
		String hello() {
			return "hello";
		}

		@GetMapping("/private/data")
		String data() {
			return "private";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "testapp.security", havingValue = "permit-all")
	static class PermitAllSecurityConfiguration {

		@Bean
		SecurityFilterChain appSecurity(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "testapp.security", havingValue = "own")
	static class OwnSecurityConfiguration {

		@Bean
		SecurityFilterChain appSecurity(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/**", "/actuator/health")
					.permitAll()
					.anyRequest()
					.authenticated())
				.formLogin(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		UserDetailsService appUsers() {
			return new InMemoryUserDetailsManager(
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
		SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
			return http.securityMatcher("/actuator/**")
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health")
					.permitAll()
					.anyRequest()
					.hasRole("OPS"))
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		UserDetailsService appUsers() {
			return new InMemoryUserDetailsManager(
					User.withUsername("ops").password("{noop}ops-pass").roles("OPS").build());
		}

	}

	/**
	 * The application's own chain scoped to the actuator's paths that lets anyone in: the
	 * starter steps aside, and the report must say the endpoints are open.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "testapp.security", havingValue = "actuator-open")
	static class OpenActuatorSecurityConfiguration {

		@Bean
		SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
			return http.securityMatcher("/actuator/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}

	}

}
