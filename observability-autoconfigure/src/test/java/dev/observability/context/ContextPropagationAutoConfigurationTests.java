package dev.observability.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class ContextPropagationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ContextPropagationAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	@AfterEach
	void clean() {
		MDC.clear();
	}

	@Test
	void installsTheDecoratorTheExecutorPostProcessorAndTheCoverageRegistry() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ContextCarryingTaskDecorator.class)
			.hasSingleBean(ExecutorContextPostProcessor.class)
			.hasSingleBean(ExecutorCoverage.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ContextCarryingTaskDecorator.class)
				.doesNotHaveBean(ExecutorContextPostProcessor.class));
	}

	@Test
	void aUserContextDecoratorReplacesOurs() {
		ContextCarryingTaskDecorator own = ContextCarryingTaskDecorator.forMdcKeys("tenant");
		this.runner.withBean(ContextCarryingTaskDecorator.class, () -> own)
			.run((context) -> assertThat(context.getBean(ContextCarryingTaskDecorator.class)).isSameAs(own));
	}

	@Test
	void aUserTaskDecoratorIsComposedWithOursOnBootsExecutorAndScheduler() {
		this.runner.withUserConfiguration(UserDecoratorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ContextCarryingTaskDecorator.class);
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			ThreadPoolTaskScheduler scheduler = context.getBean("taskScheduler", ThreadPoolTaskScheduler.class);
			ExecutorCoverage coverage = context.getBean(ExecutorCoverage.class);
			assertThat(coverage.statusOf("applicationTaskExecutor")).isEqualTo(ExecutorCoverage.Status.DECORATED);
			assertThat(coverage.statusOf("taskScheduler")).isEqualTo(ExecutorCoverage.Status.DECORATED);

			MDC.put("route", "/api/orders");
			CompletableFuture<String> onExecutor = new CompletableFuture<>();
			executor.execute(() -> onExecutor.complete(MDC.get("route") + " " + MDC.get("user-decorator")));
			CompletableFuture<String> onScheduler = new CompletableFuture<>();
			scheduler.execute(() -> onScheduler.complete(MDC.get("route") + " " + MDC.get("user-decorator")));
			MDC.clear();
			// both decorators ran: ours restored the route, the user's ran inside it and
			// saw it
			assertThat(onExecutor.get(5, TimeUnit.SECONDS)).isEqualTo("/api/orders saw /api/orders");
			assertThat(onScheduler.get(5, TimeUnit.SECONDS)).isEqualTo("/api/orders saw /api/orders");
		});
	}

	@Test
	void carriesTheMdcWhenTracingIsNotOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing", "io.micrometer.observation"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ContextCarryingTaskDecorator.class);
				ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor",
						ThreadPoolTaskExecutor.class);
				MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
				CompletableFuture<String> seen = new CompletableFuture<>();
				executor.execute(() -> seen.complete(MDC.get("traceId")));
				MDC.clear();
				assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			});
	}

	@Test
	void anInvalidMdcKeyStopsStartupWithAClearMessage() {
		this.runner.withPropertyValues("observability.context.mdc-keys=tenant,bad key")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("every MDC key must be a plain name")
				.hasMessageContaining("bad key"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class UserDecoratorConfiguration {

		@Bean
		TaskDecorator userTaskDecorator() {
			return (task) -> () -> {
				MDC.put("user-decorator", "saw " + MDC.get("route"));
				try {
					task.run();
				}
				finally {
					MDC.remove("user-decorator");
				}
			};
		}

	}

}
