package dev.observability.client;

import java.util.concurrent.atomic.AtomicInteger;

import dev.observability.errors.ErrorsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the client capability applies, what it does to Boot's client observation, and when
 * it backs off.
 */
class HttpClientObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientObservabilityAutoConfiguration.class,
				ErrorsAutoConfiguration.class, ObservationAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestClientObservationAutoConfiguration.class, RestTemplateAutoConfiguration.class,
				RestTemplateObservationAutoConfiguration.class, WebClientAutoConfiguration.class,
				WebClientObservationAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(ObservationCounter.class, ObservationCounter::new)
		.withBean(ObservationRegistry.class, () -> ObservationRegistry.create());

	@Test
	void everyClientFromBootsBuildersIsMeasuredOnceAndBootsObservationObservesNothing() {
		this.runner.run((context) -> {
			callAllThree(context);
			assertThat(starterCalls(context)).isEqualTo(3);
			assertThat(context.getBean(ObservationCounter.class).observations.get()).isZero();
		});
	}

	@Test
	@SuppressWarnings("try")
	void theStartersObservationNeverBecomesTheApplicationsCurrentObservation() {
		this.runner.run((context) -> {
			ObservationRegistry applications = context.getBean(ObservationRegistry.class);
			Observation request = Observation.start("request", applications);
			java.util.List<Object> seenDuringCall = new java.util.ArrayList<>();
			try (Observation.Scope scope = request.openScope()) {
				context.getBean(RestClient.Builder.class)
					.requestFactory(new StubRequestFactory())
					.requestInterceptor((httpRequest, body, execution) -> {
						seenDuringCall.add(String.valueOf(applications.getCurrentObservation()));
						return execution.execute(httpRequest, body);
					})
					.build()
					.get()
					.uri("http://inventory/api/stock/{sku}", "a-1")
					.retrieve()
					.toBodilessEntity();
				assertThat(applications.getCurrentObservation()).isSameAs(request);
			}
			finally {
				request.stop();
			}
			assertThat(seenDuringCall).containsExactly(String.valueOf(request));
			assertThat(starterCalls(context)).isEqualTo(1);
		});
	}

	@Test
	void propertyGivesBootsObservationBack() {
		this.runner.withPropertyValues("observability.client.replace-boot-observation=false").run((context) -> {
			callAllThree(context);
			assertThat(starterCalls(context)).isEqualTo(3);
			assertThat(context.getBean(ObservationCounter.class).observations.get()).isEqualTo(3);
		});
	}

	@Test
	void userObservationConventionKeepsBootsObservationOfRestClientAndRestTemplate() {
		this.runner
			.withBean(org.springframework.http.client.observation.ClientRequestObservationConvention.class,
					DefaultClientRequestObservationConvention::new)
			.run((context) -> {
				callAllThree(context);
				assertThat(starterCalls(context)).isEqualTo(3);
				assertThat(context.getBean(ObservationCounter.class).observations.get()).isEqualTo(2);
			});
	}

	@Test
	void userDefinedCustomizerReplacesTheStarters() {
		RestClientObservabilityCustomizer mine = new RestClientObservabilityCustomizer(new HttpClientObservation(
				new HttpClientCallRecorder(new HttpClientMetrics(new SimpleMeterRegistry(), java.util.List.of()),
						HttpClientLabels.counted(new SimpleMeterRegistry(), 1, 1), HttpClientTracing.NONE,
						java.util.List.of()),
				true));
		this.runner.withBean("myCustomizer", RestClientObservabilityCustomizer.class, () -> mine).run((context) -> {
			assertThat(context.getBeansOfType(RestClientObservabilityCustomizer.class))
				.containsOnlyKeys("myCustomizer");
			assertThat(context).hasSingleBean(RestTemplateObservabilityCustomizer.class);
			assertThat(context).hasSingleBean(WebClientObservabilityCustomizer.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("observability.client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HttpClientObservation.class);
			assertThat(context).doesNotHaveBean(HttpClientObservabilityFilter.class);
			callAllThree(context);
			assertThat(context.getBean(ObservationCounter.class).observations.get()).isEqualTo(3);
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HttpClientObservabilityAutoConfiguration.class,
					RestClientAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpClientMetrics.class));
	}

	private static void callAllThree(AssertableApplicationContext context) {
		context.getBean(RestClient.Builder.class)
			.requestFactory(new StubRequestFactory())
			.build()
			.get()
			.uri("http://inventory/api/stock/{sku}", "a-1")
			.retrieve()
			.toBodilessEntity();
		context.getBean(RestTemplateBuilder.class)
			.requestFactory(StubRequestFactory::new)
			.build()
			.getForEntity("http://inventory/api/stock/{sku}", Void.class, "a-1");
		context.getBean(WebClient.Builder.class)
			.exchangeFunction((request) -> Mono.just(ClientResponse.create(HttpStatus.OK).build()))
			.build()
			.get()
			.uri("http://inventory/api/stock/{sku}", "a-1")
			.retrieve()
			.toBodilessEntity()
			.block();
	}

	private static double starterCalls(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.find(HttpClientMetrics.REQUESTS)
			.tags("route", "/api/stock/{sku}", "peer", "inventory", "code", "200")
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

	/** Counts the client observations that reach the observation registry. */
	static final class ObservationCounter implements ObservationHandler<Observation.Context> {

		final AtomicInteger observations = new AtomicInteger();

		@Override
		public void onStart(Observation.Context context) {
			this.observations.incrementAndGet();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ClientRequestObservationContext
					|| context instanceof org.springframework.web.reactive.function.client.ClientRequestObservationContext;
		}

	}

}
