package dev.observability.core;

import java.time.Duration;
import java.util.List;

import dev.observability.grpc.GrpcObservabilityAutoConfiguration;
import dev.observability.http.HttpObservabilityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * HTTP and gRPC judge their histogram buckets and durations by the same rules, and a
 * wrong value stops the application at startup with a message that names the property.
 */
class PropertyChecksTests {

	private final WebApplicationContextRunner http = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpObservabilityAutoConfiguration.class,
				WebMvcObservationAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(ObservationRegistry.class, ObservationRegistry::create);

	private final ApplicationContextRunner grpc = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcObservabilityAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@ParameterizedTest(name = "{0}.buckets={1}")
	@CsvSource(delimiter = '|',
			value = { "http | ''             | observability.http.buckets must list at least one bucket",
					"grpc | ''             | observability.grpc.buckets must list at least one bucket",
					"http | 100ms,50ms     | observability.http.buckets must be in increasing order",
					"grpc | 100ms,50ms     | observability.grpc.buckets must be in increasing order",
					"http | 5ms,10ms,10ms  | observability.http.buckets must be in increasing order",
					"grpc | 5ms,10ms,10ms  | observability.grpc.buckets must be in increasing order",
					"http | 0ms            | observability.http.buckets: every bucket must be a positive duration",
					"grpc | 0ms            | observability.grpc.buckets: every bucket must be a positive duration",
					"http | 100ms,-1s      | observability.http.buckets: every bucket must be a positive duration",
					"grpc | 100ms,-1s      | observability.grpc.buckets: every bucket must be a positive duration" })
	void invalidBucketsStopStartupNamingTheProperty(String capability, String buckets, String message) {
		assertStartupFails(runner(capability), "observability." + capability + ".buckets=" + buckets, message);
	}

	@Test
	void negativeSlowThresholdStopsStartupNamingTheProperty() {
		assertStartupFails(this.http, "observability.http.access-log.slow-threshold=-1s",
				"observability.http.access-log.slow-threshold must be zero or positive");
	}

	@Test
	void increasingPositiveBucketsAreTakenAsGiven() {
		this.http.withPropertyValues("observability.http.buckets=1ms,2ms,1s")
			.run((context) -> assertThat(context).hasNotFailed());
		this.grpc.withPropertyValues("observability.grpc.buckets=1ms,2ms,1s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void positiveRejectsZeroAndNegativeAndMissingDurations() {
		for (Duration duration : new Duration[] { Duration.ZERO, Duration.ofSeconds(-1), null }) {
			assertThatIllegalArgumentException().isThrownBy(() -> PropertyChecks.positive("a.b", duration))
				.withMessage("a.b must be a positive duration (was " + duration + ")");
		}
		assertThat(PropertyChecks.positive("a.b", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
	}

	@Test
	void zeroOrPositiveAcceptsZeroButNotNegativeOrMissingDurations() {
		assertThat(PropertyChecks.zeroOrPositive("a.b", Duration.ZERO)).isEqualTo(Duration.ZERO);
		for (Duration duration : new Duration[] { Duration.ofNanos(-1), null }) {
			assertThatIllegalArgumentException().isThrownBy(() -> PropertyChecks.zeroOrPositive("a.b", duration))
				.withMessage("a.b must be zero or positive (was " + duration + ")");
		}
	}

	@Test
	void bucketsRejectAMissingList() {
		assertThatIllegalArgumentException().isThrownBy(() -> PropertyChecks.buckets("a.b", null))
			.withMessage("a.b must list at least one bucket");
		assertThat(PropertyChecks.buckets("a.b", List.of(Duration.ofMillis(1)))).containsExactly(Duration.ofMillis(1));
	}

	private AbstractApplicationContextRunner<?, ?, ?> runner(String capability) {
		return capability.equals("http") ? this.http : this.grpc;
	}

	private static void assertStartupFails(AbstractApplicationContextRunner<?, ?, ?> runner, String property,
			String message) {
		runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
		});
	}

}
