package dev.observability.http;

import dev.observability.errors.ErrorCounter;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.observability.context.SpanAccessor;
import dev.observability.core.AgentServerSpans;
import dev.observability.core.ConditionalOnOpenTelemetryBridge;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Measures every HTTP request once, at the protocol entry of the servlet or the reactive
 * stack: request metrics, the server span, MDC fields and the access log, with one label
 * set.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"dev.observability.errors.ErrorsAutoConfiguration" },
		beforeName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration" })
@ConditionalOnWebApplication
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.http.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpObservabilityProperties.class)
public final class HttpObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpRequestMetrics httpRequestMetrics(MeterRegistry registry, HttpObservabilityProperties properties) {
		return new HttpRequestMetrics(registry, properties.getBuckets());
	}

	@Bean
	@ConditionalOnMissingBean
	AccessLogWriter httpAccessLogWriter(HttpObservabilityProperties properties) {
		HttpObservabilityProperties.AccessLog accessLog = properties.getAccessLog();
		return new AccessLogWriter(accessLog.getMode(), accessLog.getSlowThreshold());
	}

	/**
	 * Counts the exceptions of requests in {@code errors_total} when the errors
	 * capability is on: servlet and reactive requests alike, both measuring filters tell
	 * the same listeners.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ErrorCounter.class)
	static class ErrorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorCountingHttpExceptionListener errorCountingHttpExceptionListener(ErrorCounter counter) {
			return new ErrorCountingHttpExceptionListener(counter);
		}

	}

	/**
	 * When Boot's observation stays, it owns the server span: never create a second one.
	 */
	private static HttpServerTracing serverTracing(ObjectProvider<HttpServerTracing> tracing,
			HttpObservabilityProperties properties) {
		return properties.isReplaceBootObservation() ? tracing.getIfAvailable(() -> HttpServerTracing.NONE)
				: HttpServerTracing.NONE;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ DispatcherServlet.class, FilterRegistrationBean.class })
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RouteResolver httpRouteResolver(ListableBeanFactory beanFactory, HttpObservabilityProperties properties) {
			return new RouteResolver(new RouteTemplateMatcher(() -> routeTemplates(beanFactory)),
					properties.getMaxRoutes());
		}

		@Bean
		@ConditionalOnMissingFilterBean(HttpObservabilityFilter.class)
		FilterRegistrationBean<HttpObservabilityFilter> httpObservabilityFilter(HttpRequestMetrics metrics,
				RouteResolver routes, AccessLogWriter accessLog, ObjectProvider<HttpServerTracing> tracing,
				ObjectProvider<HttpExceptionListener> exceptionListeners, HttpObservabilityProperties properties) {
			HttpObservabilityFilter filter = new HttpObservabilityFilter(metrics, routes,
					serverTracing(tracing, properties), accessLog, exceptionListeners.orderedStream().toList());
			FilterRegistrationBean<HttpObservabilityFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		HandlerExceptionRecorder httpHandlerExceptionRecorder() {
			return new HandlerExceptionRecorder();
		}

		@Bean
		WebMvcConfigurer httpRouteMdcConfigurer(RouteResolver routes) {
			RouteMdcInterceptor interceptor = new RouteMdcInterceptor(routes);
			return new WebMvcConfigurer() {
				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(interceptor);
				}
			};
		}

		private static Collection<String> routeTemplates(ListableBeanFactory beanFactory) {
			Set<String> templates = new LinkedHashSet<>();
			for (RequestMappingInfoHandlerMapping mapping : beanFactory
				.getBeansOfType(RequestMappingInfoHandlerMapping.class, false, false)
				.values()) {
				for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
					templates.addAll(info.getPatternValues());
				}
			}
			return templates;
		}

		/**
		 * Keeps Spring Boot's {@code ServerHttpObservationFilter} from measuring the same
		 * request a second time: a disabled registration of that type makes Boot's
		 * auto-configuration back off.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ ServerHttpObservationFilter.class, ObservationRegistry.class })
		@ConditionalOnBooleanProperty(name = "observability.http.replace-boot-observation", matchIfMissing = true)
		static class BootObservationReplacementConfiguration {

			@Bean
			FilterRegistrationBean<ServerHttpObservationFilter> replacedBootObservationFilter() {
				FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
						new ServerHttpObservationFilter(ObservationRegistry.NOOP));
				registration.setEnabled(false);
				return registration;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ DispatcherHandler.class, ContextRegistry.class })
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveRouteResolver httpReactiveRouteResolver(ListableBeanFactory beanFactory,
				HttpObservabilityProperties properties) {
			return new ReactiveRouteResolver(new RouteTemplateMatcher(() -> reactiveRouteTemplates(beanFactory)),
					properties.getMaxRoutes());
		}

		@Bean
		@ConditionalOnMissingBean
		HttpObservabilityWebFilter httpObservabilityWebFilter(HttpRequestMetrics metrics, ReactiveRouteResolver routes,
				AccessLogWriter accessLog, ObjectProvider<HttpServerTracing> tracing,
				ObjectProvider<HttpExceptionListener> exceptionListeners, HttpObservabilityProperties properties) {
			HttpObservabilityWebFilter.registerContextAccessor();
			return new HttpObservabilityWebFilter(metrics, routes, serverTracing(tracing, properties), SpanAccessor.KEY,
					accessLog, exceptionListeners.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		RouteMdcHandlerAdapter httpRouteMdcHandlerAdapter() {
			return new RouteMdcHandlerAdapter();
		}

		@Bean
		@ConditionalOnMissingBean
		UnhandledExceptionMarker httpUnhandledExceptionMarker() {
			return new UnhandledExceptionMarker();
		}

		@Bean
		@ConditionalOnMissingBean
		static ExceptionHandlerRecordingPostProcessor httpExceptionHandlerRecordingPostProcessor() {
			return new ExceptionHandlerRecordingPostProcessor();
		}

		private static Collection<String> reactiveRouteTemplates(ListableBeanFactory beanFactory) {
			Set<String> templates = new LinkedHashSet<>();
			for (org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping mapping : beanFactory
				.getBeansOfType(org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping.class,
						false, false)
				.values()) {
				for (org.springframework.web.reactive.result.method.RequestMappingInfo info : mapping
					.getHandlerMethods()
					.keySet()) {
					for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
						templates.add(pattern.getPatternString());
					}
				}
			}
			return templates;
		}

		/**
		 * Keeps Spring's reactive server observation (recorded by the
		 * {@code HttpHandler}, as {@code http_server_requests_seconds}) from measuring
		 * the same request a second time.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ WebHttpHandlerBuilderCustomizer.class, ObservationRegistry.class })
		@ConditionalOnBooleanProperty(name = "observability.http.replace-boot-observation", matchIfMissing = true)
		static class BootObservationReplacementConfiguration {

			@Bean
			WebHttpHandlerBuilderCustomizer httpReplacedBootObservation() {
				return (builder) -> builder.observationRegistry(ObservationRegistry.NOOP);
			}

		}

	}

	/**
	 * On Micrometer's OpenTelemetry bridge, the server span goes straight through the
	 * OpenTelemetry API that the bridge reads from; where the OpenTelemetry Java agent
	 * starts it (see {@link AgentServerSpans}), the agent's span is used. Ordered before
	 * {@link TracingConfiguration}, which then backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnOpenTelemetryBridge
	static class OpenTelemetryTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpServerTracing httpServerTracing(io.opentelemetry.api.trace.Tracer tracer,
				io.opentelemetry.context.propagation.ContextPropagators propagators,
				ObjectProvider<AgentServerSpans> agentServerSpans) {
			HttpServerTracing own = new OtelHttpServerTracing(tracer, propagators);
			return AgentServerSpans.of(agentServerSpans).http() ? new AgentHttpServerTracing(own) : own;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpServerTracing httpServerTracing(Tracer tracer, Propagator propagator) {
			return new TracerHttpServerTracing(tracer, propagator);
		}

	}

}
