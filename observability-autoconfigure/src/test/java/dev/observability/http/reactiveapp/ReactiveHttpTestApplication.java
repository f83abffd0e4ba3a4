package dev.observability.http.reactiveapp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * A small WebFlux application for the reactive measurement's tests on Reactor Netty:
 * routes that answer 200 or 404, fail, hop threads, call themselves through a
 * {@link WebClient}, never answer, and one behind HTTP basic auth. Spans go synchronously
 * to an in-memory exporter.
 */
@SpringBootApplication
public class ReactiveHttpTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	/** How often the handler of {@code /api/never} has been reached. */
	public static final AtomicInteger NEVER_CALLS = new AtomicInteger();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	@Bean
	SecurityWebFilterChain appSecurity(ServerHttpSecurity http) {
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/api/private/**").authenticated().anyExchange().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	MapReactiveUserDetailsService users() {
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}secret").roles("USER").build());
	}

	/**
	 * Thrown by a handler and answered by this application's own exception handler with
	 * 409.
	 */
	public static class OrderConflictException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		OrderConflictException(String message) {
			super(message);
		}

	}

	@RestController
	static class TestController {

		private static final Logger logger = LoggerFactory.getLogger(TestController.class);

		private final WebClient client;

		private final Environment environment;

		private final Tracer tracer;

		TestController(WebClient.Builder builder, Environment environment, Tracer tracer) {
			this.client = builder.build();
			this.environment = environment;
			this.tracer = tracer;
		}

		@GetMapping("/api/users/{id}")
		Mono<String> user(@PathVariable int id) {
			logger.info("looking up user {}", id);
			if (id > 100) {
				return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user"));
			}
			return Mono.just("{\"id\":" + id + "}");
		}

		@GetMapping("/api/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("boom"));
		}

		@PostMapping("/api/orders/{id}/cancel")
		Mono<String> cancel(@PathVariable int id) {
			return Mono.error(new OrderConflictException("order " + id + " already shipped"));
		}

		@ExceptionHandler(OrderConflictException.class)
		ResponseEntity<String> conflict(OrderConflictException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(ex.getMessage());
		}

		@GetMapping("/api/private/{id}")
		Mono<String> secret(@PathVariable int id) {
			return Mono.just("secret " + id);
		}

		@GetMapping("/api/never")
		Mono<String> never() {
			NEVER_CALLS.incrementAndGet();
			return Mono.never();
		}

		/** The trace id and route in the MDC after a hop to another thread. */
		@GetMapping("/api/echo/{id}")
		Mono<String> echo(@PathVariable int id) {
			return Mono.just(id)
				.publishOn((id % 2 == 0) ? Schedulers.boundedElastic() : Schedulers.parallel())
				.map((value) -> MDC.get("traceId") + " " + MDC.get("route"));
		}

		/** What the request sees of its context after each kind of thread hop. */
		@GetMapping("/api/hops/{id}")
		Mono<Map<String, List<String>>> hops(@PathVariable int id) {
			Map<String, List<String>> seen = new LinkedHashMap<>();
			seen.put("handler", observed());
			return Mono.just(id)
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((value) -> seen.put("publishOn", observed()))
				.flatMap((value) -> Mono.fromCallable(this::observed).subscribeOn(Schedulers.boundedElastic()))
				.doOnNext((value) -> seen.put("subscribeOn", value))
				.flatMap((value) -> Mono.delay(Duration.ofMillis(5)))
				.doOnNext((value) -> seen.put("delay", observed()))
				.flatMap((value) -> this.client.get()
					.uri("http://127.0.0.1:{port}/api/users/{id}", this.environment.getProperty("local.server.port"),
							id)
					.retrieve()
					.bodyToMono(String.class))
				.doOnNext((value) -> seen.put("webClient", observed()))
				.flatMap((value) -> Flux.range(0, 4)
					.parallel(2)
					.runOn(Schedulers.parallel())
					.map((item) -> String.join("|", observed()))
					.sequential()
					.collectList())
				.map((parallel) -> {
					seen.put("parallel", parallel);
					logger.info("hops done for {}", id);
					return seen;
				});
		}

		private List<String> observed() {
			io.micrometer.tracing.Span span = this.tracer.currentSpan();
			return List.of(String.valueOf(MDC.get("traceId")), (span != null) ? span.context().traceId() : "null",
					String.valueOf(MDC.get("method")), String.valueOf(MDC.get("route")));
		}

	}

}
