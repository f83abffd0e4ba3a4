package dev.observability.client;

import dev.observability.core.AgentServerSpans;
import dev.observability.errors.ErrorCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.boot.restclient.observation.ObservationRestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.observation.ObservationWebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Measures, traces and counts the errors of every outbound HTTP call made through the
 * RestClient, RestTemplate and WebClient builders of Spring Boot, in place of Boot's
 * client observation.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"dev.observability.errors.ErrorsAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpClientObservabilityProperties.class)
public final class HttpClientObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpClientMetrics httpClientMetrics(MeterRegistry registry, HttpClientObservabilityProperties properties) {
		return new HttpClientMetrics(registry, properties.getBuckets());
	}

	@Bean
	@ConditionalOnMissingBean
	HttpClientLabels httpClientLabels(MeterRegistry registry, HttpClientObservabilityProperties properties) {
		return HttpClientLabels.counted(registry, properties.getMaxRoutes(), properties.getMaxPeers());
	}

	/**
	 * The span is the starter's only when Boot's observation is replaced; otherwise
	 * Boot's owns it.
	 */
	private static HttpClientCallRecorder recorder(HttpClientMetrics metrics, HttpClientLabels labels,
			ObjectProvider<HttpClientTracing> tracing, ObjectProvider<HttpClientExceptionListener> exceptionListeners,
			boolean ownsSpan) {
		HttpClientTracing spans = ownsSpan ? tracing.getIfAvailable(() -> HttpClientTracing.NONE)
				: HttpClientTracing.NONE;
		return new HttpClientCallRecorder(metrics, labels, spans, exceptionListeners.orderedStream().toList());
	}

	/**
	 * Counts failed calls in {@code errors_total} when the errors capability is on.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ErrorCounter.class)
	static class ErrorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingHttpClientExceptionListener errorCountingHttpClientExceptionListener(ErrorCounter counter) {
			return new ErrorCountingHttpClientExceptionListener(counter);
		}

	}

	/**
	 * RestClient and RestTemplate: measured from the observation Spring Framework creates
	 * for every call.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientCustomizer.class, ClientRequestObservationConvention.class })
	static class BlockingClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpClientObservation httpClientObservation(HttpClientMetrics metrics, HttpClientLabels labels,
				ObjectProvider<HttpClientTracing> tracing,
				ObjectProvider<HttpClientExceptionListener> exceptionListeners,
				ObjectProvider<ClientRequestObservationConvention> conventions,
				HttpClientObservabilityProperties properties) {
			boolean replaced = properties.isReplaceBootObservation() && conventions.getIfAvailable() == null;
			return new HttpClientObservation(recorder(metrics, labels, tracing, exceptionListeners, replaced),
					replaced);
		}

		@Bean
		@ConditionalOnMissingBean
		RestClientObservabilityCustomizer restClientObservabilityCustomizer(HttpClientObservation observation) {
			return new RestClientObservabilityCustomizer(observation);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass(RestTemplateCustomizer.class)
		RestTemplateObservabilityCustomizer restTemplateObservabilityCustomizer(HttpClientObservation observation) {
			return new RestTemplateObservabilityCustomizer(observation);
		}

		/**
		 * When Boot's observation is kept, the starter records what it observes.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ObservationRegistryCustomizer.class)
		@Conditional(BootObservationKept.class)
		static class KeptBootObservationConfiguration {

			@Bean
			ObservationRegistryCustomizer<ObservationRegistry> httpClientObservationJoiningBootsRegistry(
					HttpClientObservation observation) {
				return observation::joinRegistry;
			}

		}

		/**
		 * Boot's RestClient and RestTemplate observation customizers do nothing, whatever
		 * order the customizers run in; a user's convention keeps them.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ ObservationRestClientCustomizer.class, ObservationRegistry.class })
		@ConditionalOnBooleanProperty(name = "observability.client.replace-boot-observation", matchIfMissing = true)
		@ConditionalOnMissingBean(ClientRequestObservationConvention.class)
		static class BootObservationReplacementConfiguration {

			@Bean
			static BootClientObservationReplacement<ObservationRestClientCustomizer> replacedBootRestClientObservation() {
				return new BootClientObservationReplacement<>(ObservationRestClientCustomizer.class,
						InactiveRestClientObservation::new);
			}

			@Bean
			static BootClientObservationReplacement<ObservationRestTemplateCustomizer> replacedBootRestTemplateObservation() {
				return new BootClientObservationReplacement<>(ObservationRestTemplateCustomizer.class,
						InactiveRestTemplateObservation::new);
			}

		}

		/**
		 * Boot's observation is kept when the property says so or the application defines
		 * its own convention.
		 */
		static final class BootObservationKept extends AnyNestedCondition {

			BootObservationKept() {
				super(ConfigurationPhase.REGISTER_BEAN);
			}

			@ConditionalOnBooleanProperty(name = "observability.client.replace-boot-observation", havingValue = false)
			static final class PropertyKeepsIt {

			}

			@ConditionalOnBean(ClientRequestObservationConvention.class)
			static final class UserConventionKeepsIt {

			}

		}

		/** Leaves the builder to the starter's customizer. */
		static final class InactiveRestClientObservation extends ObservationRestClientCustomizer {

			InactiveRestClientObservation() {
				super(ObservationRegistry.NOOP, new DefaultClientRequestObservationConvention());
			}

			@Override
			public void customize(RestClient.Builder builder) {
			}

		}

		/** Leaves the template to the starter's customizer. */
		static final class InactiveRestTemplateObservation extends ObservationRestTemplateCustomizer {

			InactiveRestTemplateObservation() {
				super(ObservationRegistry.NOOP, new DefaultClientRequestObservationConvention());
			}

			@Override
			public void customize(RestTemplate restTemplate) {
			}

		}

	}

	/** WebClient: one exchange filter. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class })
	static class ReactiveClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpClientObservabilityFilter httpClientObservabilityFilter(HttpClientMetrics metrics, HttpClientLabels labels,
				ObjectProvider<HttpClientTracing> tracing,
				ObjectProvider<HttpClientExceptionListener> exceptionListeners,
				ObjectProvider<org.springframework.web.reactive.function.client.ClientRequestObservationConvention> conventions,
				HttpClientObservabilityProperties properties) {
			boolean replaced = properties.isReplaceBootObservation() && conventions.getIfAvailable() == null;
			return new HttpClientObservabilityFilter(recorder(metrics, labels, tracing, exceptionListeners, replaced));
		}

		@Bean
		@ConditionalOnMissingBean
		WebClientObservabilityCustomizer webClientObservabilityCustomizer(HttpClientObservabilityFilter filter) {
			return new WebClientObservabilityCustomizer(filter);
		}

		/**
		 * Boot's WebClient observation observes nothing; a user's convention keeps it.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ ObservationWebClientCustomizer.class, ObservationRegistry.class })
		@ConditionalOnBooleanProperty(name = "observability.client.replace-boot-observation", matchIfMissing = true)
		@ConditionalOnMissingBean(org.springframework.web.reactive.function.client.ClientRequestObservationConvention.class)
		static class BootObservationReplacementConfiguration {

			@Bean
			static BootClientObservationReplacement<ObservationWebClientCustomizer> replacedBootWebClientObservation() {
				return new BootClientObservationReplacement<>(ObservationWebClientCustomizer.class,
						() -> new ObservationWebClientCustomizer(ObservationRegistry.NOOP,
								new org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention()));
			}

		}

	}

	/**
	 * Client spans through the application's tracer, or left to the OpenTelemetry Java
	 * agent where it traces the HTTP client libraries ({@link AgentServerSpans}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpClientTracing httpClientTracing(Tracer tracer, Propagator propagator,
				ObjectProvider<AgentServerSpans> agentServerSpans) {
			return AgentServerSpans.of(agentServerSpans).httpClient() ? new AgentHttpClientTracing(tracer, propagator)
					: new TracerHttpClientTracing(tracer, propagator);
		}

	}

}
