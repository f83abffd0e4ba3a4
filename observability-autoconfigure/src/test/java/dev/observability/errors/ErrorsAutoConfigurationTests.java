package dev.observability.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;

import dev.observability.client.ErrorCountingHttpClientExceptionListener;
import dev.observability.client.HttpClientObservabilityAutoConfiguration;
import dev.observability.context.ContextPropagationAutoConfiguration;
import dev.observability.context.ErrorCountingTaskExceptionListener;
import dev.observability.grpc.ErrorCountingGrpcExceptionListener;
import dev.observability.grpc.GrpcObservabilityAutoConfiguration;
import dev.observability.http.ErrorCountingHttpExceptionListener;
import dev.observability.http.HttpObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the errors capability applies, how it backs off, and how bad configuration fails.
 */
class ErrorsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	private final WebApplicationContextRunner protocols = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class,
				HttpObservabilityAutoConfiguration.class, GrpcObservabilityAutoConfiguration.class,
				HttpClientObservabilityAutoConfiguration.class, ContextPropagationAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void installsTheClassifierAndCounter() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ErrorClassifierChain.class);
			assertThat(context).hasSingleBean(ErrorCounter.class);
			assertThat(context).hasSingleBean(UncaughtExceptionCounter.class);
			assertThat(context).hasSingleBean(ScheduledTaskErrorObservationHandler.class);
			assertThat(context).doesNotHaveBean(AsyncErrorAdvisingPostProcessor.class);
		});
	}

	@Test
	void everyProtocolCountsThroughItsOwnListener() {
		this.protocols.run((context) -> {
			assertThat(context).hasSingleBean(ErrorCountingHttpExceptionListener.class);
			assertThat(context).hasSingleBean(ErrorCountingGrpcExceptionListener.class);
			assertThat(context).hasSingleBean(ErrorCountingHttpClientExceptionListener.class);
			assertThat(context).hasSingleBean(ErrorCountingTaskExceptionListener.class);
		});
	}

	@Test
	void noProtocolCountsWhenTheErrorsCapabilityIsOff() {
		this.protocols.withPropertyValues("observability.errors.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(HttpObservabilityAutoConfiguration.class);
			assertThat(context).doesNotHaveBean(ErrorCountingHttpExceptionListener.class);
			assertThat(context).doesNotHaveBean(ErrorCountingGrpcExceptionListener.class);
			assertThat(context).doesNotHaveBean(ErrorCountingHttpClientExceptionListener.class);
			assertThat(context).doesNotHaveBean(ErrorCountingTaskExceptionListener.class);
		});
	}

	@Test
	void reactiveRequestsAreCountedThroughTheSameListener() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ErrorsAutoConfiguration.class, HttpObservabilityAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ErrorCountingHttpExceptionListener.class));
	}

	@Test
	void countsAsyncMethodsOnlyWithEnableAsync() {
		this.runner.withUserConfiguration(AsyncConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(AsyncErrorAdvisingPostProcessor.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ErrorCounter.class)
				.doesNotHaveBean(UncaughtExceptionCounter.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ErrorCounter.class));
	}

	@Test
	void keepsTheUsersOwnCounter() {
		this.runner.withUserConfiguration(OwnCounterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ErrorCounter.class);
			assertThat(context).hasBean("ownCounter");
		});
	}

	@Test
	void userClassifierBeansComeAfterMappingsAndBeforeTheBuiltIns() {
		this.runner.withUserConfiguration(ClassifierConfiguration.class)
			.withPropertyValues("observability.errors.mappings[java.util.NoSuchElementException]=OK")
			.run((context) -> {
				ErrorClassifierChain chain = context.getBean(ErrorClassifierChain.class);
				assertThat(chain.classify(new IllegalStateException()).code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
				assertThat(chain.classify(new NoSuchElementException()).code()).isEqualTo(ErrorCode.OK);
				// The catch-all user classifier answers before the built-in timeout rule.
				assertThat(chain.classify(new java.net.SocketTimeoutException()).code()).isEqualTo(ErrorCode.INTERNAL);
			});
	}

	@Test
	void mappingKeysAndCodesBindFromProperties() {
		this.runner.withPropertyValues(
				"observability.errors.mappings[dev.observability.errors.ErrorClassifierChainTests$OrderConflict]=aborted")
			.run((context) -> assertThat(context.getBean(ErrorClassifierChain.class)
				.classify(new ErrorClassifierChainTests.OrderConflict())
				.code()).isEqualTo(ErrorCode.ABORTED));
	}

	@Test
	void anUnknownExceptionClassFailsStartupNamingTheEntry() {
		this.runner.withPropertyValues("observability.errors.mappings[com.example.MissingException]=NOT_FOUND")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.errors.mappings")
				.hasMessageContaining("com.example.MissingException"));
	}

	@Test
	void anUnknownCodeFailsStartupNamingTheEntry() {
		this.runner.withPropertyValues("observability.errors.mappings[java.lang.IllegalStateException]=BROKEN")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("observability.errors.mappings")
				.hasStackTraceContaining("BROKEN"));
	}

	@Test
	void installsTheUncaughtExceptionHandlerWhileRunningAndRestoresThePreviousOne() throws Exception {
		Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
		List<Throwable> seenByPrevious = Collections.synchronizedList(new ArrayList<>());
		Thread.UncaughtExceptionHandler previous = (thread, exception) -> seenByPrevious.add(exception);
		Thread.setDefaultUncaughtExceptionHandler(previous);
		try {
			this.runner.run((context) -> {
				assertThat(Thread.getDefaultUncaughtExceptionHandler())
					.isSameAs(context.getBean(UncaughtExceptionCounter.class));
				Thread dying = new Thread(() -> {
					throw new IllegalStateException("thread died");
				});
				dying.start();
				dying.join();
				assertThat(context.getBean(MeterRegistry.class)
					.get("errors")
					.tags("source", "thread", "type", "panic", "code", "UNKNOWN", "exception", "IllegalStateException")
					.counter()
					.count()).isEqualTo(1);
				assertThat(seenByPrevious).singleElement()
					.satisfies((exception) -> assertThat(exception).hasMessage("thread died"));
			});
			assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(previous);
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(original);
		}
	}

	@Test
	void leavesTheUncaughtExceptionHandlerAloneWhenToldTo() {
		this.runner.withPropertyValues("observability.errors.install-uncaught-exception-handler=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UncaughtExceptionCounter.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCounterConfiguration {

		@Bean
		ErrorCounter ownCounter(MeterRegistry registry) {
			return new ErrorCounter(registry, new ErrorClassifierChain(List.of()), 10);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClassifierConfiguration {

		@Bean
		@Order(2)
		ErrorClassifier fallback() {
			return (exception) -> ErrorCode.INTERNAL;
		}

		@Bean
		@Order(1)
		ErrorClassifier preconditions() {
			return (exception) -> (exception instanceof IllegalStateException) ? ErrorCode.FAILED_PRECONDITION : null;
		}

	}

}
