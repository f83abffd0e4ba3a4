package dev.observability.client.testapp;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * An application that calls a downstream service through the clients Spring Boot builds.
 */
@SpringBootApplication
public class ClientTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	/**
	 * Event loops of the application's own: the global ones are shared with every other
	 * Reactor Netty test of the JVM, and what those leave on their threads is not this
	 * test's subject.
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

	/** An HTTP interface client of the downstream's user API. */
	@HttpExchange("/api")
	public interface UserApi {

		@GetExchange("/users/{id}")
		String user(@PathVariable int id);

	}

}
