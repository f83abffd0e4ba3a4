package dev.observability.naming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the naming capability applies, its settings, and its back-off.
 */
class NamingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NamingAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void installsGuardsAndTheFacade() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(MeterNamingGuard.class)
			.hasSingleBean(CardinalityGuard.class)
			.hasSingleBean(FrameworkMeterCorrections.class)
			.hasSingleBean(NamingViolations.class)
			.hasSingleBean(AppMetrics.class));
	}

	@Test
	void namespaceReachesTheFacade() {
		this.runner.withPropertyValues("observability.naming.namespace=shop").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Counter counter = context.getBean(AppMetrics.class).counter("orders.placed").description("d").register();
			assertThat(counter.getId().getName()).isEqualTo("shop.orders.placed");
			assertThat(registry.find("shop.orders.placed").counter()).isNotNull();
		});
	}

	@Test
	void convertsKafkaClientMetersWithSpringKafkaAndNotWithout() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(KafkaClientMetersInSeconds.class));
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaClientMetersInSeconds.class)
				.hasSingleBean(FrameworkMeterCorrections.class));
	}

	@Test
	void theStartersMessagingMetersKeepTheirContractNamesUnderANamespace() {
		this.runner.withPropertyValues("observability.naming.namespace=shop").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Counter.builder("messaging.publish").description("d").register(registry);
			assertThat(registry.find("messaging.publish").counter()).isNotNull();
			assertThat(registry.find("shop.messaging.publish").counter()).isNull();
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.naming.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MeterNamingGuard.class)
				.doesNotHaveBean(CardinalityGuard.class));
	}

	@Test
	void cardinalityGuardCanBeSwitchedOffAlone() {
		this.runner.withPropertyValues("observability.naming.cardinality.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CardinalityGuard.class)
				.hasSingleBean(MeterNamingGuard.class));
	}

	@Test
	void userDefinedGuardWins() {
		this.runner
			.withBean(MeterNamingGuard.class,
					() -> new MeterNamingGuard(
							new MeterNameCheck(io.micrometer.core.instrument.config.NamingConvention.snakeCase, null,
									java.util.List.of()),
							NamingMode.WARN, new NamingViolations()))
			.run((context) -> assertThat(context).hasSingleBean(MeterNamingGuard.class));
	}

	@Test
	void badNamespaceFailsAtStartupNamingTheValue() {
		this.runner.withPropertyValues("observability.naming.namespace=My-Shop")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("lowercase snake_case")
				.hasMessageContaining("My-Shop"));
	}

	@Test
	void absurdCardinalityCapFailsAtStartup() {
		this.runner.withPropertyValues("observability.naming.cardinality.max-values-per-tag=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("must be between 1 and 100000"));
	}

	@Test
	void unknownModeFailsAtStartup() {
		this.runner.withPropertyValues("observability.naming.mode=shout")
			.run((context) -> assertThat(context).hasFailed());
	}

}
