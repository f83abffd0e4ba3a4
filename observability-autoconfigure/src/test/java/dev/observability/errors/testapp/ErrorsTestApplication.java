package dev.observability.errors.testapp;

import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A small web application for the errors capability's real-Tomcat tests: endpoints that
 * panic, that an exception handler answers, that fail with a wrapped timeout, that end in
 * a business-normal exception, plus an {@code @Async} method and a {@code @Scheduled} job
 * that fail on demand. Spans go synchronously to an in-memory exporter.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class ErrorsTestApplication {

	public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	/**
	 * Exceptions that reached the application's own
	 * {@code AsyncUncaughtExceptionHandler}.
	 */
	public static final List<Throwable> ASYNC_HANDLED = new CopyOnWriteArrayList<>();

	/** Arms the scheduled job to fail once. */
	public static final AtomicBoolean FAIL_NEXT_JOB = new AtomicBoolean();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(SPANS);
	}

	@Bean
	SecurityFilterChain openSecurity(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	AsyncConfigurer asyncConfigurer() {
		return new AsyncConfigurer() {
			@Override
			public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
				return (Throwable ex, Method method, Object... params) -> ASYNC_HANDLED.add(ex);
			}
		};
	}

	@RestController
	static class FailingController {

		private final Worker worker;

		FailingController(Worker worker) {
			this.worker = worker;
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("the warehouse is on fire");
		}

		@GetMapping("/orders/{id}/cancel")
		String cancel(@PathVariable long id) {
			throw new OrderConflictException("order " + id + " cannot be cancelled");
		}

		@GetMapping("/upstream")
		String upstream() {
			throw new IllegalStateException("inventory call failed",
					new UncheckedIOException(new SocketTimeoutException("Read timed out")));
		}

		@GetMapping("/users/{id}")
		String user(@PathVariable long id) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user");
		}

		@GetMapping("/stock/{item}")
		String stock(@PathVariable String item) {
			throw new OutOfStockException(item);
		}

		@GetMapping("/async")
		ResponseEntity<Void> async() {
			this.worker.fireAndForget();
			return ResponseEntity.accepted().build();
		}

		@ExceptionHandler(OrderConflictException.class)
		ResponseEntity<String> conflict(OrderConflictException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(ex.getMessage());
		}

		@ExceptionHandler(OutOfStockException.class)
		ResponseEntity<String> outOfStock(OutOfStockException ex) {
			return ResponseEntity.ok("sold out: " + ex.getMessage());
		}

	}

	@Component
	public static class Worker {

		@Async
		public void fireAndForget() {
			throw new AsyncJobFailure("the async job failed");
		}

		@Scheduled(fixedDelay = 20)
		public void job() {
			if (FAIL_NEXT_JOB.compareAndSet(true, false)) {
				throw new ScheduledJobFailure("the nightly job failed");
			}
		}

	}

	static class OrderConflictException extends RuntimeException {

		OrderConflictException(String message) {
			super(message);
		}

	}

	/** Mapped to OK in the tests: a business outcome, not an error. */
	public static class OutOfStockException extends RuntimeException {

		OutOfStockException(String message) {
			super(message);
		}

	}

	public static class AsyncJobFailure extends RuntimeException {

		AsyncJobFailure(String message) {
			super(message);
		}

	}

	public static class ScheduledJobFailure extends RuntimeException {

		ScheduledJobFailure(String message) {
			super(message);
		}

	}

}
