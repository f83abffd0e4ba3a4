package dev.observability.doctor;

import dev.observability.core.AgentServerSpans;
import dev.observability.context.ExecutorCoverage;
import dev.observability.endpoint.EndpointSecurityStatus;
import dev.observability.naming.CardinalityGuard;
import dev.observability.naming.NamingViolations;
import dev.observability.resource.ResourceAttributes;
import dev.observability.selfcheck.JavaAgents;
import dev.observability.selfcheck.LogTraceCoverage;
import dev.observability.selfcheck.SelfCheckProperties;
import dev.observability.selfcheck.SpanExportHealth;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Reports which monitoring pitfalls are still open in this service: on the
 * {@code observability} actuator endpoint, in one line at startup, and to
 * {@link PitfallAssertions} in tests.
 */
@AutoConfiguration(afterName = { "dev.observability.http.HttpObservabilityAutoConfiguration",
		"dev.observability.client.HttpClientObservabilityAutoConfiguration",
		"dev.observability.context.ContextPropagationAutoConfiguration",
		"dev.observability.errors.ErrorsAutoConfiguration",
		"dev.observability.resource.ResourceAttributesAutoConfiguration",
		"dev.observability.naming.NamingAutoConfiguration",
		"dev.observability.endpoint.EndpointSecurityAutoConfiguration",
		"dev.observability.selfcheck.SelfCheckAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "observability.doctor.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DoctorProperties.class)
public final class PitfallReportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PitfallDoctor pitfallDoctor(ObjectProvider<PitfallCheck> checks) {
		return new PitfallDoctor(() -> checks.orderedStream().toList());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "observability.doctor.log-on-startup", matchIfMissing = true)
	StartupReportLogger pitfallReportStartupLogger(PitfallDoctor doctor) {
		return new StartupReportLogger(doctor);
	}

	@Bean
	@ConditionalOnMissingBean
	NamingCheck namingPitfallCheck(ObjectProvider<NamingViolations> violations) {
		return new NamingCheck(violations);
	}

	@Bean
	@ConditionalOnMissingBean
	CardinalityCheck cardinalityPitfallCheck(ObjectProvider<CardinalityGuard> guard) {
		return new CardinalityCheck(guard);
	}

	@Bean
	@ConditionalOnMissingBean
	ExecutorCoverageCheck executorCoveragePitfallCheck(ObjectProvider<ExecutorCoverage> coverage,
			ListableBeanFactory beanFactory) {
		return new ExecutorCoverageCheck(coverage, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncExecutorCheck asyncExecutorPitfallCheck(ObjectProvider<ExecutorCoverage> coverage,
			ListableBeanFactory beanFactory) {
		return new AsyncExecutorCheck(coverage, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncExceptionHandlerCheck asyncExceptionHandlerPitfallCheck(ListableBeanFactory beanFactory) {
		return new AsyncExceptionHandlerCheck(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	SamplingCheck samplingPitfallCheck(ListableBeanFactory beanFactory, Environment environment) {
		return new SamplingCheck(beanFactory, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	SpanExportCheck spanExportPitfallCheck(ListableBeanFactory beanFactory, Environment environment) {
		return new SpanExportCheck(beanFactory, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ResourceAttributesCheck resourceAttributesPitfallCheck(ObjectProvider<ResourceAttributes> attributes) {
		return new ResourceAttributesCheck(attributes);
	}

	/** The starter's checks of its own pipeline (span export, log coverage, agents). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.selfcheck.enabled", matchIfMissing = true)
	@EnableConfigurationProperties(SelfCheckProperties.class)
	static class SelfCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass(name = "io.opentelemetry.sdk.trace.export.SpanExporter")
		SpanExportHealthCheck spanExportHealthPitfallCheck(ObjectProvider<SpanExportHealth> health) {
			return new SpanExportHealthCheck(health);
		}

		@Bean
		@ConditionalOnMissingBean
		LogTraceCoverageCheck logTraceCoveragePitfallCheck(ObjectProvider<LogTraceCoverage> coverage,
				SelfCheckProperties properties) {
			return new LogTraceCoverageCheck(coverage, properties.getLogs().getTopSources());
		}

		@Bean
		@ConditionalOnMissingBean
		JavaAgentCheck javaAgentPitfallCheck(ObjectProvider<JavaAgents> agents,
				ObjectProvider<AgentServerSpans> agentServerSpans, SelfCheckProperties properties,
				Environment environment) {
			return new JavaAgentCheck(agents, agentServerSpans, properties.getAgents().getServerSpans(), environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
	static class HttpConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpEntryCheck httpEntryPitfallCheck(ListableBeanFactory beanFactory) {
			return new HttpEntryCheck(beanFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.adapter.HttpWebHandlerAdapter")
	static class ReactiveHttpConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveHttpEntryCheck reactiveHttpEntryPitfallCheck(ListableBeanFactory beanFactory) {
			return new ReactiveHttpEntryCheck(beanFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.web.client.RestClient",
			"org.springframework.http.client.observation.ClientRequestObservationContext" })
	static class HttpClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpClientCheck httpClientPitfallCheck(ListableBeanFactory beanFactory,
				ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry,
				ObjectProvider<dev.observability.client.HttpClientObservation> observation) {
			return new HttpClientCheck(beanFactory, registry, observation);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.grpc.BindableService")
	static class GrpcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcInterceptorCheck grpcInterceptorPitfallCheck(ListableBeanFactory beanFactory) {
			return new GrpcInterceptorCheck(beanFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
	static class KafkaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KafkaInstrumentationCheck kafkaInstrumentationPitfallCheck(ListableBeanFactory beanFactory) {
			return new KafkaInstrumentationCheck(beanFactory);
		}

	}

	/**
	 * The actuator endpoints are only reachable in a web application, servlet or
	 * reactive.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class ScrapeEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScrapeEndpointCheck scrapeEndpointPitfallCheck(ObjectProvider<EndpointSecurityStatus> status,
				ObjectProvider<ScrapeEndpointProbe> probe) {
			return new ScrapeEndpointCheck(status, probe);
		}

		@Bean
		@ConditionalOnMissingBean
		SensitiveEndpointCheck sensitiveEndpointPitfallCheck(ObjectProvider<EndpointSecurityStatus> status,
				ObjectProvider<ScrapeEndpointProbe> probe) {
			return new SensitiveEndpointCheck(status, probe);
		}

		/** Asks the endpoints anonymously once the server serving them has started. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
				"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType",
				"org.springframework.boot.web.server.context.WebServerInitializedEvent" })
		static class ProbeConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ScrapeEndpointProbe scrapeEndpointProbe() {
				return new ScrapeEndpointProbe();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		PitfallReportEndpoint pitfallReportEndpoint(PitfallDoctor doctor) {
			return new PitfallReportEndpoint(doctor);
		}

	}

}
