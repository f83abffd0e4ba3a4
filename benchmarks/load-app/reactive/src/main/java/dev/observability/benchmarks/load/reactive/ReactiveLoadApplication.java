package dev.observability.benchmarks.load.reactive;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet load-app's service on WebFlux (Reactor Netty): the same one-line JSON
 * endpoint and templated route. The same source is packaged three times, with no
 * observability, with Boot's own, and with the starter; only the classpath and the
 * sampling probability differ between the variants.
 */
@SpringBootApplication
@RestController
public class ReactiveLoadApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveLoadApplication.class, args);
	}

	@GetMapping("/hello")
	Mono<Greeting> hello() {
		return Mono.just(Greeting.HELLO);
	}

	@GetMapping("/api/users/{id}")
	Mono<User> user(@PathVariable long id) {
		return Mono.just(new User(id, "Ada"));
	}

	record Greeting(String message) {

		static final Greeting HELLO = new Greeting("hello");

	}

	record User(long id, String name) {
	}

}
