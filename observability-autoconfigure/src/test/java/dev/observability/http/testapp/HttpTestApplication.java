package dev.observability.http.testapp;

import java.util.concurrent.Callable;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A small web application for the filter's real-Tomcat tests: a route that answers 200 or
 * 404, one that fails, one behind HTTP basic auth, and an async one. Spans go
 * synchronously to an in-memory exporter.
 */
@SpringBootApplication
public class HttpTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	@Bean
	SecurityFilterChain appSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/api/private/**").authenticated().anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}secret").roles("USER").build());
	}

	@RestController
	static class TestController {

		private static final Logger logger = LoggerFactory.getLogger(TestController.class);

		@GetMapping("/api/users/{id}")
		String user(@PathVariable int id) {
			logger.info("looking up user {}", id);
			if (id > 100) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user");
			}
			return "{\"id\":" + id + "}";
		}

		@GetMapping("/api/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/api/private/{id}")
		String secret(@PathVariable int id) {
			return "secret " + id;
		}

		@GetMapping("/api/async/{id}")
		Callable<String> async(@PathVariable int id) {
			return () -> {
				Thread.sleep(50);
				return "async " + id;
			};
		}

		@GetMapping("/api/static/a")
		String a() {
			return "a";
		}

		@GetMapping("/api/static/b")
		String b() {
			return "b";
		}

		@GetMapping("/api/static/c")
		String c() {
			return "c";
		}

	}

}
