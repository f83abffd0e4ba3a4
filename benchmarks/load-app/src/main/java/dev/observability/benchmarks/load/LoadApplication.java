package dev.observability.benchmarks.load;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service the load comparison drives: a one-line JSON endpoint and a templated route.
 * The same source is packaged three times, with no observability, with Boot's own, and
 * with the starter; only the classpath and the sampling probability differ between the
 * variants.
 */
@SpringBootApplication
@RestController
public class LoadApplication {

	public static void main(String[] args) {
		SpringApplication.run(LoadApplication.class, args);
	}

	@GetMapping("/hello")
	Greeting hello() {
		return Greeting.HELLO;
	}

	@GetMapping("/api/users/{id}")
	User user(@PathVariable long id) {
		return new User(id, "Ada");
	}

	record Greeting(String message) {

		static final Greeting HELLO = new Greeting("hello");

	}

	record User(long id, String name) {
	}

}
