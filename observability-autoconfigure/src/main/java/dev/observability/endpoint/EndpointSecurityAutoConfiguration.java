package dev.observability.endpoint;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts every exposed actuator endpoint but the open ones behind HTTP basic auth with the
 * starter's own credentials (the scrape user, and optionally an operator), on Spring MVC
 * and on WebFlux alike: first among the application's security filter chains, or on their
 * own when the application has none, stepping aside where the application's own chain is
 * scoped to actuator paths. Fails the startup when it cannot protect them and they were
 * not opened explicitly.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnWebApplication
@ConditionalOnClass({ PathMappedEndpoints.class, ManagementPortType.class })
@ConditionalOnBooleanProperty(name = "observability.endpoint.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityEndpointProperties.class)
public final class EndpointSecurityAutoConfiguration {

	/**
	 * Order of the scrape endpoints' chain among the application's: before all of them.
	 */
	public static final int FILTER_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/**
	 * Order of the stand-alone filter when the application has no Spring Security filter:
	 * where Spring Boot puts Spring Security's, after the starter's HTTP measurement
	 * filter.
	 */
	public static final int STANDALONE_FILTER_ORDER = -100;

	/** Name of the stand-alone filter (its registration on a servlet container). */
	public static final String STANDALONE_FILTER_BEAN = "observabilityEndpointSecurityFilter";

	@Bean
	@ConditionalOnMissingBean
	EndpointAccessPolicy endpointAccessPolicy(ObservabilityEndpointProperties properties, ListableBeanFactory beans) {
		return EndpointAccessPolicy.of(properties.getAuth(), ActuatorEndpointPaths.declaredIn(beans));
	}

	@Bean
	@ConditionalOnMissingBean
	EndpointAccessLogger endpointAccessLogger(EndpointAccessPolicy policy, ObservabilityEndpointProperties properties) {
		return new EndpointAccessLogger(policy, properties.getAuth());
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

	/**
	 * Without spring-security-web the scrape endpoints cannot be protected, on either
	 * stack: the application does not start unless they were opened explicitly.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
	static class UnprotectableConfiguration {

		UnprotectableConfiguration(ObservabilityEndpointProperties properties) {
			UnprotectedEndpoints.failUnlessOpen(properties.getAuth(),
					"spring-security-web (org.springframework.security:spring-security-web)");
		}

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

		@Bean
		@ConditionalOnMissingBean
		ScrapeAuthenticator scrapeAuthenticator(ScrapeCredentials credentials, ClientLockout lockout,
				ScrapeAuthFailures failures, ObservabilityEndpointProperties properties, EndpointAccessPolicy policy) {
			ObservabilityEndpointProperties.Operator operator = properties.getAuth().getOperator();
			String operatorPassword = operator.getPassword();
			ScrapeCredentials operatorCredentials = (operatorPassword != null)
					? ScrapeCredentials.of(operator.getUsername(), operatorPassword) : null;
			return new ScrapeAuthenticator(credentials, operatorCredentials, policy, lockout, failures,
					properties.getAuth().getRealm());
		}

	}

	/** Spring MVC: servlet filters and {@link SecurityFilterChain}s. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ SecurityFilterChain.class, FilterRegistrationBean.class })
	static class ServletConfiguration {

		private static final String SPRING_SECURITY_FILTER = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;

		@Bean
		@ConditionalOnMissingBean
		ActuatorEndpointRequestMatcher scrapeEndpointRequestMatcher(EndpointAccessPolicy policy,
				ObjectProvider<SecurityFilterChain> chains) {
			return new ActuatorEndpointRequestMatcher(policy, chains);
		}

		@Bean
		@ConditionalOnMissingBean
		ScrapeEndpointChain scrapeEndpointChain(ActuatorEndpointRequestMatcher endpoints,
				ObservabilityEndpointProperties properties, ObjectProvider<ScrapeAuthenticator> authenticator) {
			if (!properties.getAuth().isEnabled()) {
				return new ScrapeEndpointChain(ScrapeSecurityFilterChains.open(endpoints));
			}
			ScrapeAuthenticationFilter filter = new ScrapeAuthenticationFilter(authenticator.getObject(), endpoints);
			return new ScrapeEndpointChain(ScrapeSecurityFilterChains.authenticated(endpoints, filter));
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
		 * The scrape endpoints' chain, held by a type that is not a
		 * {@code SecurityFilterChain}, so it joins the application's filter only where
		 * the configuration below says so and never makes Spring Boot's default security
		 * back off.
		 *
		 * @param chain the chain
		 */
		record ScrapeEndpointChain(SecurityFilterChain chain) {
		}

		/**
		 * The application has Spring Security's filter (its own chains, or Spring Boot's
		 * default): the scrape endpoints' chain joins it, first, so the application's
		 * chains never see these requests. Coming after Spring Boot's security
		 * auto-configuration, it leaves Boot's default chain in place.
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
		 * The application has no Spring Security filter: the scrape endpoints' chain runs
		 * as a servlet filter of its own that lets every other request pass untouched.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(name = SPRING_SECURITY_FILTER)
		static class StandaloneConfiguration {

			@Bean(STANDALONE_FILTER_BEAN)
			FilterRegistrationBean<EndpointOnlyFilter> observabilityEndpointSecurityFilter(ScrapeEndpointChain chain) {
				return registration(new EndpointOnlyFilter(chain.chain()));
			}

		}

	}

	/**
	 * WebFlux: {@link WebFilter}s and {@link SecurityWebFilterChain}s. The management
	 * server on a separate port builds its handler from the web filters of this context
	 * too, so the same filter or chain protects the endpoints there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ SecurityWebFilterChain.class, WebFilter.class, Mono.class })
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ActuatorEndpointExchangeMatcher scrapeEndpointExchangeMatcher(EndpointAccessPolicy policy,
				ApplicationContext context) {
			return new ActuatorEndpointExchangeMatcher(policy, context);
		}

		@Bean
		@ConditionalOnMissingBean
		ScrapeEndpointWebFilters scrapeEndpointWebFilters(ActuatorEndpointExchangeMatcher endpoints,
				ObservabilityEndpointProperties properties, ObjectProvider<ScrapeAuthenticator> authenticator) {
			if (!properties.getAuth().isEnabled()) {
				UnprotectedEndpoints.warnOpen(endpoints);
				return new ScrapeEndpointWebFilters(endpoints, List.of(ReactiveConfiguration::passThrough));
			}
			WebFilter filter = new ScrapeAuthenticationWebFilter(authenticator.getObject(), endpoints);
			return new ScrapeEndpointWebFilters(endpoints, List.of(filter));
		}

		private static Mono<Void> passThrough(ServerWebExchange exchange, WebFilterChain chain) {
			return chain.filter(exchange);
		}

		/**
		 * The scrape endpoints' matcher and web filters, held by a type that is not a
		 * {@code SecurityWebFilterChain}, so they join the application's
		 * {@code WebFilterChainProxy} only where the configuration below says so and
		 * never make Spring Boot's default security back off.
		 *
		 * @param endpoints the exchanges the filters are for
		 * @param filters the filters
		 */
		record ScrapeEndpointWebFilters(ActuatorEndpointExchangeMatcher endpoints, List<WebFilter> filters) {
		}

		/**
		 * The application has Spring Security's {@link WebFilterChainProxy} (its own
		 * chains, or Spring Boot's default): the scrape endpoints' chain joins it, first,
		 * so the application's chains never see these exchanges. Coming after Spring
		 * Boot's reactive security auto-configuration, it leaves Boot's default chain in
		 * place.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBean(WebFilterChainProxy.class)
		static class ApplicationSecurityConfiguration {

			@Bean
			@Order(FILTER_CHAIN_ORDER)
			SecurityWebFilterChain scrapeEndpointSecurityWebFilterChain(ScrapeEndpointWebFilters filters,
					ObjectProvider<SecurityWebFilterChain> chains) {
				SecurityWebFilterChain own = new MatcherSecurityWebFilterChain(filters.endpoints(), filters.filters());
				filters.endpoints()
					.leaveToApplicationChains(() -> chains.orderedStream().filter((chain) -> chain != own).toList());
				return own;
			}

		}

		/**
		 * The application has no Spring Security web filter: the scrape endpoints'
		 * filters run in a web filter of its own that lets every other exchange pass
		 * untouched.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(WebFilterChainProxy.class)
		static class StandaloneConfiguration {

			@Bean(STANDALONE_FILTER_BEAN)
			EndpointOnlyWebFilter observabilityEndpointSecurityFilter(ScrapeEndpointWebFilters filters) {
				return new EndpointOnlyWebFilter(filters.endpoints(), filters.filters(), STANDALONE_FILTER_ORDER);
			}

		}

	}

}
