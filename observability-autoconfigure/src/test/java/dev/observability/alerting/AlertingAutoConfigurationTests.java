package dev.observability.alerting;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the alerting capability applies and when it backs off.
 */
class AlertingAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AlertingAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class))
		.withPropertyValues("spring.application.name=checkout");

	private final WebApplicationContextRunner exposed = this.runner
		.withPropertyValues("management.endpoints.web.exposure.include=health,alertrules,grafanadashboard");

	@Test
	void exposedEndpointsServeRulesAndDashboardForTheApplicationName() {
		this.exposed.run((context) -> {
			assertThat(context).hasSingleBean(AlertRulesEndpoint.class).hasSingleBean(GrafanaDashboardEndpoint.class);
			assertThat(context.getBean(AlertRulesEndpoint.class).alertRules())
				.contains("http_requests_total{job=\"checkout\"}");
			assertThat(context.getBean(GrafanaDashboardEndpoint.class).grafanaDashboard())
				.contains("\"title\": \"checkout service overview\"");
		});
	}

	@Test
	void endpointsNotExposedAreNotCreated() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(AlertRulesEndpoint.class)
			.doesNotHaveBean(GrafanaDashboardEndpoint.class));
	}

	@Test
	void jobPropertyWinsOverTheApplicationName() {
		this.exposed.withPropertyValues("observability.alerting.job=kubernetes-pods/checkout").run((context) -> {
			assertThat(context.getBean(AlertRulesEndpoint.class).alertRules())
				.contains("http_requests_total{job=\"kubernetes-pods/checkout\"}")
				.doesNotContain("job=\"checkout\"");
		});
	}

	@Test
	void withoutAnApplicationNameTheJobIsBootsDefaultName() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AlertingAutoConfiguration.class, EndpointAutoConfiguration.class,
					WebEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=alertrules")
			.run((context) -> assertThat(context.getBean(AlertRulesEndpoint.class).alertRules())
				.contains("job=\"" + AlertingAutoConfiguration.DEFAULT_JOB + "\""));
	}

	@Test
	void thresholdsComeFromProperties() {
		this.exposed
			.withPropertyValues("observability.alerting.latency.surge-ratio=2.5",
					"observability.alerting.latency.for-duration=20m", "observability.alerting.threads.limit=400",
					"observability.alerting.runbook-url=https://runbooks.example/shop.md")
			.run((context) -> assertThat(context.getBean(AlertRulesEndpoint.class).alertRules())
				.contains("> 2.5 * avg_over_time(")
				.contains("for: 20m")
				.contains("3600) > 400")
				.contains("runbook_url: https://runbooks.example/shop.md#latencyp99surge"));
	}

	@Test
	void invalidThresholdFailsAtStartup() {
		this.exposed.withPropertyValues("observability.alerting.latency.surge-ratio=0.5")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void virtualThreadThresholdsComeFromPropertiesAndReachRulesAndDashboard() {
		this.exposed
			.withPropertyValues("observability.alerting.virtual-threads.pinned-threshold=0.5",
					"observability.alerting.virtual-threads.for-duration=3m")
			.run((context) -> {
				assertThat(context.getBean(AlertRulesEndpoint.class).alertRules()).contains(
						"(rate(jvm_threads_virtual_pinned_seconds_sum{job=\"checkout\"}[5m])) > 0.5\n    for: 3m");
				assertThat(context.getBean(GrafanaDashboardEndpoint.class).grafanaDashboard())
					.contains("\"value\": 0.5");
			});
	}

	@Test
	void pinnedThresholdThatIsNotPositiveFailsAtStartupNamingTheProperty() {
		this.exposed.withPropertyValues("observability.alerting.virtual-threads.pinned-threshold=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("observability.alerting.virtual-threads.pinned-threshold"));
	}

	@Test
	void dashboardUsesTheNamingNamespaceForBusinessEvents() {
		this.exposed.withPropertyValues("observability.naming.namespace=checkout")
			.run((context) -> assertThat(context.getBean(GrafanaDashboardEndpoint.class).grafanaDashboard())
				.contains("rate(checkout_business_events_total{"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.exposed.withPropertyValues("observability.alerting.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlertRules.class)
				.doesNotHaveBean(AlertRulesEndpoint.class)
				.doesNotHaveBean(GrafanaDashboardEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AlertRules.class)
				.doesNotHaveBean(GrafanaDashboard.class));
	}

	@Test
	void userDefinedRulesReplaceTheGeneratedOnes() {
		AlertingProperties properties = new AlertingProperties();
		properties.getErrors().setRatioThreshold(0.01);
		this.exposed.withBean(AlertRules.class, () -> new AlertRules(properties, "mine"))
			.run((context) -> assertThat(context.getBean(AlertRulesEndpoint.class).alertRules())
				.contains("job=\"mine\"")
				.contains("> 0.01"));
	}

}
