package dev.observability.events.testapp;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A plain application with tracing for the business event tests; spans go synchronously
 * to an in-memory exporter.
 */
@SpringBootApplication
public class EventsTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

}
