package dev.observability.sample;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The shop's own executors, declared the way a user would. The starter decorates the
 * first and wraps the second, so work handed to them stays in the request's trace.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfiguration {

	@Bean
	ThreadPoolTaskExecutor notificationExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("notify-");
		executor.setCorePoolSize(2);
		return executor;
	}

	@Bean(destroyMethod = "shutdown")
	ExecutorService fanOutExecutor() {
		return Executors.newFixedThreadPool(4);
	}

}
