package dev.observability.selfcheck.testapp;

import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application for the self-check tests: a route that logs on the request thread
 * and in a task on Boot's (decorated) executor, and a route that loses the context on
 * purpose by logging from a raw {@code new Thread}.
 */
@SpringBootApplication
public class SelfCheckTestApplication {

	@Bean
	SecurityFilterChain openSecurity(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

	@RestController
	static class TracedController {

		private static final Logger logger = LoggerFactory.getLogger(TracedController.class);

		private final AsyncTaskExecutor executor;

		// Boot 4.1 also has a taskScheduler bean that is an AsyncTaskExecutor
		TracedController(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/traced")
		String traced() throws InterruptedException, ExecutionException {
			logger.info("on the request thread");
			this.executor.submit(() -> logger.info("in a task on the application's executor")).get();
			return "traced";
		}

	}

	@RestController
	static class LostContextController {

		private static final Logger logger = LoggerFactory.getLogger(LostContextController.class);

		@GetMapping("/lost")
		String lost() throws InterruptedException {
			Thread thread = new Thread(() -> logger.info("from a raw thread: no trace id, no MDC"));
			thread.start();
			thread.join();
			return "lost";
		}

	}

}
