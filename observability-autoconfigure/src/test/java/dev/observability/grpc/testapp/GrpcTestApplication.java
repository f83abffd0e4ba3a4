package dev.observability.grpc.testapp;

import java.util.concurrent.atomic.AtomicReference;

import io.grpc.BindableService;
import io.grpc.Status;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * A Spring gRPC application serving {@link EchoGrpc} on Netty, with an exception handler
 * of its own that maps {@link IllegalArgumentException} to {@code INVALID_ARGUMENT} and
 * {@link EchoGrpc.OutOfStockException} to {@code FAILED_PRECONDITION}. Spans go
 * synchronously to an in-memory exporter.
 */
@SpringBootApplication
public class GrpcTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	/**
	 * The MDC fields the application's exception handler saw last, as
	 * {@link EchoGrpc#mdc()}.
	 */
	public static final AtomicReference<String> HANDLER_MDC = new AtomicReference<>();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	@Bean
	BindableService echoService() {
		return EchoGrpc::service;
	}

	@Bean
	GrpcExceptionHandler invalidArgumentHandler() {
		return (exception) -> {
			if (exception instanceof IllegalArgumentException) {
				HANDLER_MDC.set(EchoGrpc.mdc());
				return Status.INVALID_ARGUMENT.withDescription(exception.getMessage()).asException();
			}
			if (exception instanceof EchoGrpc.OutOfStockException) {
				return Status.FAILED_PRECONDITION.withDescription(exception.getMessage()).asException();
			}
			return null;
		};
	}

}
