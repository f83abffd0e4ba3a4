package dev.observability.doctor;

import java.util.List;
import java.util.Map;

import dev.observability.context.ContextPropagationAutoConfiguration;
import dev.observability.endpoint.EndpointProtection;
import dev.observability.endpoint.EndpointSecurityStatus;
import dev.observability.errors.ErrorsAutoConfiguration;
import dev.observability.http.HttpObservabilityAutoConfiguration;
import dev.observability.naming.NamingAutoConfiguration;
import dev.observability.resource.EnvironmentVariables;
import dev.observability.resource.ResourceAttributes;
import dev.observability.resource.ResourceAttributesAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.servlet.filter.OrderedCharacterEncodingFilter;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every finding of the pitfall report: a context with the pitfall gets a warn or fail
 * finding with the right message; the fixed context gets ok.
 */
class PitfallChecksTests {

	private static final AutoConfigurations DOCTOR = AutoConfigurations.of(PitfallReportAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(DOCTOR);

	static Finding finding(ApplicationContext context, String id) {
		return context.getBean(PitfallDoctor.class)
			.report()
			.finding(id)
			.orElseThrow(() -> new AssertionError("no finding " + id));
	}

	@Nested
	class Naming {

		private final ApplicationContextRunner metrics = PitfallChecksTests.this.runner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							SimpleMetricsExportAutoConfiguration.class, NamingAutoConfiguration.class))
			.withPropertyValues("observability.naming.namespace=shop");

		@Test
		void violationsSoFarAreWarnPerRuleWithMeterNames() {
			this.metrics.run((context) -> {
				Counter.builder("shop.ordersPlaced")
					.description("Orders")
					.register(context.getBean(MeterRegistry.class));
				Finding finding = finding(context, "naming.violations");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.pitfall()).isEqualTo(Pitfall.METRIC_NAMES);
				assertThat(finding.message()).contains("camel_case (1): shop_ordersPlaced");
				assertThat(finding.fix()).isNotEmpty();
			});
		}

		@Test
		void metersWithoutDescriptionAreWarnByName() {
			this.metrics.run((context) -> {
				Counter.builder("shop.orders.placed").register(context.getBean(MeterRegistry.class));
				Finding finding = finding(context, "naming.descriptions");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("1 meter(s) without a description")
					.contains("shop_orders_placed");
			});
		}

		@Test
		void wellNamedDescribedMetersAreOk() {
			this.metrics.run((context) -> {
				Counter.builder("shop.orders.placed")
					.description("Orders placed")
					.register(context.getBean(MeterRegistry.class));
				assertThat(finding(context, "naming.violations").severity()).isEqualTo(FindingSeverity.OK);
				assertThat(finding(context, "naming.descriptions").severity()).isEqualTo(FindingSeverity.OK);
			});
		}

		@Test
		void switchedOffGuardIsWarn() {
			this.metrics.withPropertyValues("observability.naming.enabled=false").run((context) -> {
				assertThat(finding(context, "naming.violations").message()).contains("naming guard is off");
				assertThat(finding(context, "naming.violations").fix()).contains("observability.naming.enabled");
			});
		}

		@Test
		void cardinalityOverflowIsWarnWithMeterAndTag() {
			this.metrics.withPropertyValues("observability.naming.cardinality.max-values-per-tag=2").run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				for (int user = 0; user < 5; user++) {
					Counter.builder("shop.logins").description("Logins").tag("user", "u" + user).register(registry);
				}
				Finding finding = finding(context, "cardinality.overflow");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("shop.logins/user");
			});
		}

		@Test
		void boundedTagsAreOk() {
			this.metrics.run((context) -> {
				Counter.builder("shop.logins")
					.description("Logins")
					.tag("outcome", "success")
					.register(context.getBean(MeterRegistry.class));
				assertThat(finding(context, "cardinality.overflow").severity()).isEqualTo(FindingSeverity.OK);
			});
		}

		@Test
		void switchedOffCardinalityGuardIsWarn() {
			this.metrics.withPropertyValues("observability.naming.cardinality.enabled=false")
				.run((context) -> assertThat(finding(context, "cardinality.overflow").message())
					.contains("cardinality guard is off"));
		}

	}

	@Nested
	class Context {

		private final ApplicationContextRunner context = PitfallChecksTests.this.runner
			.withConfiguration(AutoConfigurations.of(ContextPropagationAutoConfiguration.class));

		@Test
		void excludedAndUncoverableExecutorsAreWarnByName() {
			this.context.withPropertyValues("observability.context.excluded-executors=legacyPool")
				.withBean("legacyPool", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
				.withBean("syncExecutor", SyncTaskExecutor.class, SyncTaskExecutor::new)
				.run((context) -> {
					Finding finding = finding(context, "context.uncovered-executors");
					assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
					assertThat(finding.pitfall()).isEqualTo(Pitfall.CONTEXT_LOST);
					assertThat(finding.message()).contains("legacyPool (excluded)")
						.contains("syncExecutor (not covered)");
				});
		}

		@Test
		void decoratedExecutorsAreOk() {
			this.context.withBean("pool", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
				.run((context) -> assertThat(finding(context, "context.uncovered-executors").severity())
					.isEqualTo(FindingSeverity.OK));
		}

		@Test
		void executorsWithPropagationOffAreWarn() {
			this.context.withPropertyValues("observability.context.enabled=false")
				.withBean("pool", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
				.run((context) -> {
					Finding finding = finding(context, "context.uncovered-executors");
					assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
					assertThat(finding.message()).contains("context propagation is off").contains("pool");
				});
		}

		@Test
		void asyncWithoutHandlerIsWarn() {
			PitfallChecksTests.this.runner.withUserConfiguration(AsyncApp.class).run((context) -> {
				Finding finding = finding(context, "context.async-exception-handler");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.pitfall()).isEqualTo(Pitfall.EXCEPTIONS_VANISH);
				assertThat(finding.message()).contains("lose their exceptions");
			});
		}

		@Test
		void asyncWithErrorCountingIsOk() {
			PitfallChecksTests.this.runner.withUserConfiguration(AsyncApp.class)
				.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class))
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.run((context) -> assertThat(finding(context, "context.async-exception-handler").message())
					.contains("counted in errors_total"));
		}

		@Test
		void asyncWithOwnHandlerIsOk() {
			PitfallChecksTests.this.runner.withUserConfiguration(AsyncAppWithHandler.class).run((context) -> {
				Finding finding = finding(context, "context.async-exception-handler");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
				assertThat(finding.message()).contains("AsyncUncaughtExceptionHandler");
			});
		}

		@Test
		void noAsyncIsOk() {
			PitfallChecksTests.this.runner
				.run((context) -> assertThat(finding(context, "context.async-exception-handler").severity())
					.isEqualTo(FindingSeverity.OK));
		}

	}

	@Nested
	class Tracing {

		private final ApplicationContextRunner tracing = PitfallChecksTests.this.runner
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class));

		@Test
		void bootsDefaultSamplingIsWarnNamingTheUntracedShare() {
			this.tracing.run((context) -> {
				Finding finding = finding(context, "tracing.sampling");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message())
					.isEqualTo("sampling probability 0.1, Boot's default: 90% of requests have no trace, "
							+ "though their log lines carry a trace id");
				assertThat(finding.fix()).contains("management.tracing.sampling.probability=1.0");
			});
		}

		@Test
		void zeroSamplingIsFail() {
			this.tracing.withPropertyValues("management.tracing.sampling.probability=0")
				.run((context) -> assertThat(finding(context, "tracing.sampling").severity())
					.isEqualTo(FindingSeverity.FAIL));
		}

		@Test
		void fullSamplingIsOk() {
			this.tracing.withPropertyValues("management.tracing.sampling.probability=1.0")
				.run((context) -> assertThat(finding(context, "tracing.sampling").severity())
					.isEqualTo(FindingSeverity.OK));
		}

		@Test
		void noTracerIsWarn() {
			PitfallChecksTests.this.runner.run((context) -> {
				assertThat(finding(context, "tracing.sampling").message()).contains("no tracer records spans");
				assertThat(finding(context, "tracing.export").severity()).isEqualTo(FindingSeverity.WARN);
			});
		}

		@Test
		void spansWithoutExporterAreWarn() {
			this.tracing.run((context) -> {
				Finding finding = finding(context, "tracing.export");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).startsWith("spans are created but exported nowhere");
				assertThat(finding.fix()).contains("management.opentelemetry.tracing.export.otlp.endpoint");
			});
		}

		@Test
		void disabledExportIsWarn() {
			this.tracing.withPropertyValues("management.tracing.export.enabled=false")
				.withBean(SpanExporter.class, InMemorySpanExporter::create)
				.run((context) -> assertThat(finding(context, "tracing.export").message())
					.contains("management.tracing.export.enabled=false"));
		}

		@Test
		void anExporterIsOk() {
			this.tracing.withBean("memoryExporter", SpanExporter.class, InMemorySpanExporter::create).run((context) -> {
				Finding finding = finding(context, "tracing.export");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
				assertThat(finding.message()).contains("memoryExporter");
			});
		}

	}

	@Nested
	class ScrapeEndpoint {

		private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(DOCTOR);

		@Test
		void generatedPasswordIsWarn() {
			withProtection(EndpointProtection.GENERATED_PASSWORD).run((context) -> {
				Finding finding = finding(context, "endpoint.scrape-auth");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("password generated at startup");
				assertThat(finding.fix()).contains("observability.endpoint.auth.password");
			});
		}

		@Test
		void explicitlyOpenIsWarn() {
			withProtection(EndpointProtection.OPEN)
				.run((context) -> assertThat(finding(context, "endpoint.scrape-auth").message())
					.contains("explicitly open"));
		}

		@Test
		void noProtectionByTheStarterIsWarn() {
			this.web.run((context) -> {
				Finding finding = finding(context, "endpoint.scrape-auth");
				assertThat(finding.message()).contains("does not protect the scrape endpoints");
				assertThat(finding.fix()).contains("needs spring-security-web").doesNotContain("servlet");
			});
		}

		@Test
		void configuredPasswordWithoutAStartedServerIsWarnBecauseNothingWasAsked() {
			withProtection(EndpointProtection.CONFIGURED_PASSWORD).run((context) -> {
				Finding finding = finding(context, "endpoint.scrape-auth");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("prometheus, observability")
					.contains("need the configured scrape credentials")
					.contains("whether they answer without credentials was not checked")
					.contains("has not started");
			});
		}

		@Test
		void checkedInAReactiveApplicationToo() {
			new ReactiveWebApplicationContextRunner().withConfiguration(DOCTOR)
				.withBean(EndpointSecurityStatus.class,
						() -> new EndpointSecurityStatus(EndpointProtection.OPEN, List.of("prometheus")))
				.run((context) -> assertThat(finding(context, "endpoint.scrape-auth").message())
					.contains("explicitly open"));
		}

		@Test
		void notCheckedOutsideAWebApplication() {
			PitfallChecksTests.this.runner.run((context) -> assertThat(
					context.getBean(PitfallDoctor.class).report().finding("endpoint.scrape-auth"))
				.isEmpty());
		}

		private WebApplicationContextRunner withProtection(EndpointProtection protection) {
			return this.web.withBean(EndpointSecurityStatus.class,
					() -> new EndpointSecurityStatus(protection, List.of("prometheus", "observability")));
		}

	}

	@Nested
	class Resources {

		private final ApplicationContextRunner resource = PitfallChecksTests.this.runner
			.withConfiguration(AutoConfigurations.of(ResourceAttributesAutoConfiguration.class))
			.withPropertyValues("spring.application.name=shop");

		@Test
		void missingVersionCommitAndPodAreWarn() {
			withEnvironment(Map.of()).run((context) -> {
				assertThat(finding(context, "resource.version").message()).startsWith("no service.version");
				assertThat(finding(context, "resource.commit").message()).startsWith("no vcs.ref.head.revision");
				Finding kubernetes = finding(context, "resource.kubernetes");
				assertThat(kubernetes.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(kubernetes.message()).startsWith("not running in Kubernetes");
				assertThat(context.getBean(PitfallDoctor.class).report().openIds()).contains("resource.version",
						"resource.commit", "resource.kubernetes");
			});
		}

		@Test
		void inAClusterWithoutDownwardApiIsFail() {
			withEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")).run((context) -> {
				Finding finding = finding(context, "resource.kubernetes");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
				assertThat(finding.fix()).contains("POD_NAME");
			});
		}

		@Test
		void completeAttributesAreOk() {
			withEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAME", "shop-1", "POD_NAMESPACE", "prod",
					"GIT_COMMIT", "0123abc", "OTEL_RESOURCE_ATTRIBUTES", "service.version=1.2.3"))
				.run((context) -> {
					assertThat(finding(context, "resource.version").message()).isEqualTo("service.version=1.2.3");
					assertThat(finding(context, "resource.commit").severity()).isEqualTo(FindingSeverity.OK);
					assertThat(finding(context, "resource.kubernetes").message())
						.isEqualTo("k8s.pod.name=shop-1, k8s.namespace.name=prod");
				});
		}

		@Test
		void switchedOffIsWarn() {
			PitfallChecksTests.this.runner.run((context) -> assertThat(finding(context, "resource.commit").message())
				.contains("resource attributes are off"));
		}

		@Test
		void attributesAssembledByTheUserAreRead() {
			PitfallChecksTests.this.runner
				.withBean(ResourceAttributes.class,
						() -> ResourceAttributes.of(Map.of("service.version", "2.0", "vcs.ref.head.revision", "abc")))
				.run((context) -> {
					assertThat(finding(context, "resource.version").severity()).isEqualTo(FindingSeverity.OK);
					assertThat(finding(context, "resource.commit").severity()).isEqualTo(FindingSeverity.OK);
				});
		}

		private ApplicationContextRunner withEnvironment(Map<String, String> variables) {
			return this.resource.withBean(EnvironmentVariables.class, () -> EnvironmentVariables.of(variables));
		}

	}

	@Nested
	class HttpEntry {

		private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(DOCTOR)
			.withConfiguration(AutoConfigurations.of(HttpObservabilityAutoConfiguration.class,
					WebMvcObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, ObservationRegistry::create);

		@Test
		void bootsObservationFilterBesideOursIsWarn() {
			this.web.withPropertyValues("observability.http.replace-boot-observation=false").run((context) -> {
				Finding finding = finding(context, "http.double-measurement");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("ServerHttpObservationFilter")
					.contains("http_server_requests_seconds beside http_requests_total");
				assertThat(finding.fix()).contains("observability.http.replace-boot-observation");
			});
		}

		@Test
		void oursAloneIsOk() {
			this.web.run((context) -> {
				assertThat(finding(context, "http.double-measurement").severity()).isEqualTo(FindingSeverity.OK);
				Finding order = finding(context, "http.filter-order");
				assertThat(order.severity()).isEqualTo(FindingSeverity.OK);
				assertThat(order.message()).contains("first servlet filter");
			});
		}

		@Test
		void aRegisteredFilterAtOurOrderIsWarn() {
			this.web.withUserConfiguration(TenantFilterConfiguration.class).run((context) -> {
				Finding finding = finding(context, "http.filter-order");
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.pitfall()).isEqualTo(Pitfall.WRONG_LAYER);
				assertThat(finding.message()).contains("tenantFilter (order " + Ordered.HIGHEST_PRECEDENCE + ")");
			});
		}

		@Test
		void anOrderedFilterBeanBeforeOursIsWarn() {
			this.web.withBean("authFilter", Filter.class, OrderedNoopFilter::new)
				.run((context) -> assertThat(finding(context, "http.filter-order").message()).contains("authFilter"));
		}

		@Test
		void filtersAfterOursAndBootsEncodingFilterAreOk() {
			this.web
				.withBean("characterEncodingFilter", OrderedCharacterEncodingFilter.class,
						OrderedCharacterEncodingFilter::new)
				.withBean("lateFilter", Filter.class, NoopFilter::new)
				.run((context) -> assertThat(finding(context, "http.filter-order").severity())
					.isEqualTo(FindingSeverity.OK));
		}

		@Test
		void switchedOffFilterIsWarn() {
			this.web.withPropertyValues("observability.http.enabled=false")
				.run((context) -> assertThat(finding(context, "http.filter-order").message())
					.contains("not measured at the protocol entry"));
		}

	}

	@Nested
	class Grpc {

		private final io.grpc.BindableService inventory = () -> io.grpc.ServerServiceDefinition
			.builder("shop.inventory.InventoryService")
			.build();

		@Test
		void applicationWithoutGrpcServicesIsOk() {
			PitfallChecksTests.this.runner.run((context) -> assertThat(finding(context, "grpc.interceptors").severity())
				.isEqualTo(FindingSeverity.OK));
		}

		@Test
		void servicesWithoutTheStartersInterceptorAreWarnByName() {
			PitfallChecksTests.this.runner
				.withBean("inventoryService", io.grpc.BindableService.class, () -> this.inventory)
				.run((context) -> {
					Finding finding = finding(context, "grpc.interceptors");
					assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
					assertThat(finding.pitfall()).isEqualTo(Pitfall.WRONG_LAYER);
					assertThat(finding.message()).contains("inventoryService");
					assertThat(finding.fix()).contains("observability.grpc.enabled");
				});
		}

		@Test
		void servicesBehindTheStartersInterceptorAreOk() {
			PitfallChecksTests.this.runner
				.withBean("inventoryService", io.grpc.BindableService.class, () -> this.inventory)
				.withBean("grpcServerObservabilityInterceptor", io.grpc.ServerInterceptor.class,
						() -> dev.observability.grpc.GrpcObservability.builder(new SimpleMeterRegistry())
							.build()
							.serverInterceptor())
				.run((context) -> assertThat(finding(context, "grpc.interceptors").severity())
					.isEqualTo(FindingSeverity.OK));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncApp {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncAppWithHandler implements AsyncConfigurer {

		@Override
		public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			return (ex, method, params) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TenantFilterConfiguration {

		@Bean
		FilterRegistrationBean<NoopFilter> tenantFilter() {
			FilterRegistrationBean<NoopFilter> registration = new FilterRegistrationBean<>(new NoopFilter());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	static class NoopFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
				jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain)
				throws jakarta.servlet.ServletException, java.io.IOException {
			chain.doFilter(request, response);
		}

	}

	static class OrderedNoopFilter extends NoopFilter implements Ordered {

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
