package dev.observability.sample.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample shop on WebFlux (Reactor Netty): the same routes and behaviours as the
 * servlet shop, with the observability starter added exactly as a user adds it, one
 * dependency and a few lines of application.yml.
 */
@SpringBootApplication
public class ReactiveShopApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveShopApplication.class, args);
	}

}
