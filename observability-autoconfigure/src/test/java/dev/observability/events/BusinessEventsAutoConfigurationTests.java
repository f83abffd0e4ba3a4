package dev.observability.events;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.observability.redaction.TagRedactor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the business event recorder is installed, its settings, its startup errors and its
 * back-off.
 */
class BusinessEventsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BusinessEventsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void installsTheRecorderWithAllowlistCountersUnderTheNamespace() {
		this.runner
			.withPropertyValues("observability.naming.namespace=shop",
					"observability.events.allowed=checkout_submit,payment_success")
			.run((context) -> {
				assertThat(context).hasSingleBean(BusinessEvents.class).hasSingleBean(EventAttributeRedactor.class);
				assertThat(context.getBean(BusinessEventRecorder.class).isRunning()).isTrue();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("shop.business.events").tag("event", "payment_success").counter()).isNotNull();
				context.getBean(BusinessEvents.class).record("checkout_submit");
				assertThat(registry.get("shop.business.events").tag("event", "checkout_submit").counter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void withoutANamespaceTheCounterIsBusinessEvents() {
		this.runner.withPropertyValues("observability.events.allowed=checkout_submit")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class)
				.find("business.events")
				.tag("event", "checkout_submit")
				.counter()).isNotNull());
	}

	@Test
	void settingsReachTheRecorder() {
		this.runner
			.withPropertyValues("observability.events.queue-capacity=17", "observability.events.not-allowed=sample",
					"observability.events.sample-rate=1.0")
			.run((context) -> {
				BusinessEventRecorder recorder = context.getBean(BusinessEventRecorder.class);
				assertThat(recorder.queueCapacity()).isEqualTo(17);
				recorder.record("cart_viewed");
				assertThat(context.getBean(MeterRegistry.class)
					.get("business.events")
					.tag("event", "OTHER")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BusinessEvents.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BusinessEventsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BusinessEvents.class));
	}

	@Test
	void userDefinedBusinessEventsWins() {
		BusinessEvents mine = new BusinessEvents() {

			@Override
			public void record(String event) {
			}

			@Override
			public void record(String event, Map<String, String> attributes) {
			}

		};
		this.runner.withBean(BusinessEvents.class, () -> mine)
			.run((context) -> assertThat(context).getBean(BusinessEvents.class).isSameAs(mine));
	}

	@Test
	void tagRedactorRulesApplyToAttributesWhenPresent() {
		this.runner.withBean(TagRedactor.class, () -> new TagRedactor(List.of("e[._-]?mail"), Set.of(), List.of()))
			.run((context) -> {
				EventAttributeRedactor redactor = context.getBean(EventAttributeRedactor.class);
				assertThat(redactor.redact("customer_email", "a@b.example")).isEqualTo("REDACTED");
				assertThat(redactor.redact("cart_size", "3")).isEqualTo("3");
			});
	}

	@Test
	void withoutRedactionRulesAttributesAreKept() {
		this.runner.run((context) -> assertThat(context.getBean(EventAttributeRedactor.class))
			.isSameAs(EventAttributeRedactor.NONE));
	}

	@Test
	void invalidAllowlistEntryFailsAtStartupNamingIt() {
		this.runner.withPropertyValues("observability.events.allowed=checkout_submit,Payment-Success")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("observability.events.allowed[1] 'Payment-Success'")
				.hasMessageContaining("snake_case"));
	}

	@Test
	void reservedPrefixOnTheAllowlistFailsAtStartup() {
		this.runner.withPropertyValues("observability.events.allowed=framework_started")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("reserved prefix 'framework_'"));
	}

	@Test
	void sampleRateOutsideZeroToOneFailsAtStartup() {
		this.runner.withPropertyValues("observability.events.sample-rate=1.5")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("must be between 0 and 1 (was 1.5)"));
	}

	@Test
	void nonPositiveQueueCapacityFailsAtStartup() {
		this.runner.withPropertyValues("observability.events.queue-capacity=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("must be between 1 and"));
	}

	@Test
	void unknownNotAllowedActionFailsAtStartup() {
		this.runner.withPropertyValues("observability.events.not-allowed=drop")
			.run((context) -> assertThat(context).hasFailed());
	}

}
