package dev.observability.endpoint;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

/**
 * Puts the scrape endpoints behind HTTP basic auth with their own credentials, first among the
 * application's security filter chains, or on their own when the application has none.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, PathMappedEndpoints.class, ManagementPortType.class })
@ConditionalOnBooleanProperty(name = "observability.endpoint.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityEndpointProperties.class)
public final class EndpointSecurityAutoConfiguration {

	/** Order of the scrape endpoints' chain among the application's: before all of them. */
	public static final int FILTER_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/**
	 * Order of the stand-alone filter when the application has no Spring Security filter: where
	 * Spring Boot puts Spring Security's, after the starter's HTTP measurement filter.
	 */
	public static final int STANDALONE_FILTER_ORDER = -100;

	/** Name of the stand-alone filter's registration. */
	public static final String STANDALONE_FILTER_BEAN = "observabilityEndpointSecurityFilter";

	private static final String SPRING_SECURITY_FILTER = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;

	@Bean
	@ConditionalOnMissingBean
	ActuatorEndpointRequestMatcher scrapeEndpointRequestMatcher(ObservabilityEndpointProperties properties) {
		return new ActuatorEndpointRequestMatcher(properties.getAuth().getEndpoints());
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointSecurityStatus endpointSecurityStatus(ObservabilityEndpointProperties properties,
			ObjectProvider<ScrapeCredentials> credentials) {
		ScrapeCredentials scrape = properties.getAuth().isEnabled() ? credentials.getIfAvailable() : null;
		EndpointProtection protection = (scrape == null) ? EndpointProtection.OPEN
				: scrape.isGenerated() ? EndpointProtection.GENERATED_PASSWORD : EndpointProtection.CONFIGURED_PASSWORD;
		return new EndpointSecurityStatus(protection, properties.getAuth().getEndpoints());
	}

	@Bean
	@ConditionalOnMissingBean
	ScrapeEndpointChain scrapeEndpointChain(ActuatorEndpointRequestMatcher endpoints,
			ObservabilityEndpointProperties properties, ObjectProvider<ScrapeCredentials> credentials,
			ObjectProvider<ClientLockout> lockout, ObjectProvider<ScrapeAuthFailures> failures) {
		ObservabilityEndpointProperties.Auth auth = properties.getAuth();
		if (!auth.isEnabled()) {
			return new ScrapeEndpointChain(ScrapeSecurityFilterChains.open(endpoints));
		}
		ScrapeAuthenticationFilter filter = new ScrapeAuthenticationFilter(credentials.getObject(),
				lockout.getObject(), failures.getObject(), auth.getRealm());
		return new ScrapeEndpointChain(ScrapeSecurityFilterChains.authenticated(endpoints, filter));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.endpoint.auth.enabled", matchIfMissing = true)
	static class CredentialsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScrapeCredentials scrapeCredentials(ObservabilityEndpointProperties properties) {
			return ScrapeCredentials.of(properties.getAuth().getUsername(), properties.getAuth().getPassword());
		}

		@Bean
		@ConditionalOnMissingBean
		ClientLockout scrapeClientLockout(ObservabilityEndpointProperties properties) {
			ObservabilityEndpointProperties.Lockout lockout = properties.getAuth().getLockout();
			if (!lockout.isEnabled()) {
				return ClientLockout.NONE;
			}
			return new ClientLockout(lockout.getMaxFailures(), lockout.getWindow(), lockout.getDuration(),
					lockout.getMaxClients(), System::nanoTime);
		}

		@Bean
		@ConditionalOnMissingBean
		ScrapeAuthFailures scrapeAuthFailures(ObjectProvider<MeterRegistry> registry) {
			return new ScrapeAuthFailures(registry.getIfAvailable(), System::nanoTime);
		}

	}

	/**
	 * The application has Spring Security's filter (its own chains, or Spring Boot's default):
	 * the scrape endpoints' chain joins it, first, so the application's chains never see these
	 * requests. Coming after Spring Boot's security auto-configuration, it leaves Boot's default
	 * chain in place.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(name = SPRING_SECURITY_FILTER)
	static class ApplicationSecurityConfiguration {

		@Bean
		@Order(FILTER_CHAIN_ORDER)
		SecurityFilterChain scrapeEndpointSecurityFilterChain(ScrapeEndpointChain chain) {
			return chain.chain();
		}

	}

	/**
	 * The application has no Spring Security filter: the scrape endpoints' chain runs as a servlet
	 * filter of its own that lets every other request pass untouched.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = SPRING_SECURITY_FILTER)
	static class StandaloneConfiguration {

		@Bean(STANDALONE_FILTER_BEAN)
		FilterRegistrationBean<EndpointOnlyFilter> observabilityEndpointSecurityFilter(ScrapeEndpointChain chain) {
			return registration(new EndpointOnlyFilter(chain.chain()));
		}

	}

	static FilterRegistrationBean<EndpointOnlyFilter> registration(EndpointOnlyFilter filter) {
		FilterRegistrationBean<EndpointOnlyFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName(STANDALONE_FILTER_BEAN);
		registration.setOrder(STANDALONE_FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
				DispatcherType.ASYNC);
		return registration;
	}

	/**
	 * The scrape endpoints' chain, held by a type that is not a {@code SecurityFilterChain}, so it
	 * joins the application's filter only where the configuration above says so and never makes
	 * Spring Boot's default security back off.
	 *
	 * @param chain the chain
	 */
	record ScrapeEndpointChain(SecurityFilterChain chain) {
	}

}
