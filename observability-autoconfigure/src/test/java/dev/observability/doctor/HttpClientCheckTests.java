package dev.observability.doctor;

import dev.observability.client.HttpClientLabels;
import dev.observability.client.HttpClientMetrics;
import dev.observability.client.HttpClientObservabilityAutoConfiguration;
import dev.observability.client.HttpClientObservation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.observability.doctor.PitfallChecksTests.finding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pitfall report on outbound HTTP: clients that bypass the instrumentation, and calls
 * without a URI template.
 */
class HttpClientCheckTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PitfallReportAutoConfiguration.class,
				HttpClientObservabilityAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void clientBeansBuiltWithoutBootsBuildersAreNamedWithTheFix() {
		this.runner.withBean("handMadeRestClient", RestClient.class, RestClient::create)
			.withBean("handMadeRestTemplate", RestTemplate.class, RestTemplate::new)
			.withBean("handMadeWebClient", WebClient.class, WebClient::create)
			.run((context) -> {
				Finding finding = finding(context, HttpClientCheck.BYPASS_ID);
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("handMadeRestClient (RestClient)",
						"handMadeRestTemplate (RestTemplate)", "handMadeWebClient (WebClient)");
				assertThat(finding.fix()).contains("RestClient.Builder");
			});
	}

	@Test
	void clientBeansFromBootsBuildersAreOk() {
		this.runner.withUserConfiguration(RestClientFromBootsBuilder.class).run((context) -> {
			Finding finding = finding(context, HttpClientCheck.BYPASS_ID);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).startsWith("1 HTTP client bean(s) measured");
		});
	}

	@Test
	void clientsGivenAnotherObservationRegistryAfterBootsBuilderBypass() {
		this.runner.withUserConfiguration(ClientsWithTheirOwnRegistry.class).run((context) -> {
			Finding finding = finding(context, HttpClientCheck.BYPASS_ID);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
			assertThat(finding.message()).contains("ownRegistryRestClient (RestClient)",
					"ownRegistryRestTemplate (RestTemplate)");
		});
	}

	@Test
	void withBootsObservationKeptClientsOnItsRegistryAreMeasured() {
		this.runner.withPropertyValues("observability.client.replace-boot-observation=false")
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class, RestTemplateObservationAutoConfiguration.class))
			.withUserConfiguration(RestClientFromBootsBuilder.class, TemplateAndWebClientFromBootsBuilders.class)
			.run((context) -> {
				Finding finding = finding(context, HttpClientCheck.BYPASS_ID);
				assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
				assertThat(finding.message()).startsWith("3 HTTP client bean(s) measured");
			});
	}

	@Test
	void restClientBeansWhoseRegistryCannotBeReadAreWarnNeverOk() {
		this.runner.withUserConfiguration(RestClientFromBootsBuilder.class).run((context) -> {
			Finding finding = new HttpClientCheck(context.getBeanFactory(),
					context.getBeanProvider(MeterRegistry.class), context.getBeanProvider(HttpClientObservation.class),
					null)
				.check()
				.get(0);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
			assertThat(finding.message()).startsWith("not known whether these HTTP client beans are measured")
				.contains("inventory (RestClient)");
		});
	}

	@Test
	void restTemplateAndWebClientFromBootsBuildersAreOk() {
		this.runner.withUserConfiguration(TemplateAndWebClientFromBootsBuilders.class)
			.run((context) -> assertThat(finding(context, HttpClientCheck.BYPASS_ID).severity())
				.isEqualTo(FindingSeverity.OK));
	}

	@Test
	void shareOfUntemplatedCallsIsWarnWithTheFix() {
		this.runner.run((context) -> {
			HttpClientMetrics metrics = context.getBean(HttpClientMetrics.class);
			metrics.record("GET", "inventory", "/api/stock/{sku}", 200, 1_000);
			metrics.record("GET", "inventory", "/api/stock/{sku}", 200, 1_000);
			metrics.record("GET", "inventory", "/api/stock/{sku}", 200, 1_000);
			metrics.record("GET", "inventory", HttpClientLabels.UNTEMPLATED, 200, 1_000);
			Finding finding = finding(context, HttpClientCheck.UNTEMPLATED_ID);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
			assertThat(finding.message()).startsWith("25.0% of outbound HTTP calls (1 of 4)");
			assertThat(finding.fix()).contains(".uri(\"/api/users/{id}\", id)");
		});
	}

	@Test
	void templatedCallsOnlyAreOkAndNoCallsYetClaimNothing() {
		this.runner.run((context) -> {
			assertThat(context.getBean(PitfallDoctor.class).report().finding(HttpClientCheck.UNTEMPLATED_ID)).isEmpty();
			context.getBean(HttpClientMetrics.class).record("GET", "inventory", "/api/stock/{sku}", 200, 1_000);
			assertThat(finding(context, HttpClientCheck.UNTEMPLATED_ID).severity()).isEqualTo(FindingSeverity.OK);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class RestClientFromBootsBuilder {

		@Bean
		RestClient inventory(RestClient.Builder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientsWithTheirOwnRegistry {

		@Bean
		RestClient ownRegistryRestClient(RestClient.Builder builder) {
			return builder.observationRegistry(ObservationRegistry.create()).build();
		}

		@Bean
		RestTemplate ownRegistryRestTemplate(RestTemplateBuilder builder) {
			RestTemplate template = builder.build();
			template.setObservationRegistry(ObservationRegistry.create());
			return template;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TemplateAndWebClientFromBootsBuilders {

		@Bean
		RestTemplate stock(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		WebClient payments(WebClient.Builder builder) {
			return builder.build();
		}

	}

}
