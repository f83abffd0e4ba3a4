package dev.observability.resource;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Detects the resource attributes once at startup and puts them on the OpenTelemetry
 * resource of the tracer provider (and, for Zipkin, on every span), on the
 * {@code target_info} gauge and on {@code /actuator/info}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration")
@ConditionalOnBooleanProperty(name = "observability.resource.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResourceAttributesProperties.class)
public final class ResourceAttributesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EnvironmentVariables resourceEnvironmentVariables() {
		return EnvironmentVariables.system();
	}

	@Bean
	@ConditionalOnMissingBean
	ResourceAttributes resourceAttributes(ResourceAttributesProperties properties, EnvironmentVariables variables,
			Environment environment, ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
		return new ResourceAttributeDetector(properties, variables, environment, build.getIfAvailable(),
				git.getIfAvailable())
			.detect();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "observability.resource.target-info.enabled", matchIfMissing = true)
		TargetInfoMetrics targetInfoMetrics(ResourceAttributes attributes) {
			return new TargetInfoMetrics(attributes);
		}

		@Bean
		@ConditionalOnMissingBean
		ResourceCommonTags resourceCommonTags(ResourceAttributes attributes, ResourceAttributesProperties properties) {
			return new ResourceCommonTags(attributes, properties.getCommonTags());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(InfoContributor.class)
	@ConditionalOnBooleanProperty(name = "observability.resource.info.enabled", matchIfMissing = true)
	static class InfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResourceInfoContributor resourceInfoContributor(ResourceAttributes attributes) {
			return new ResourceInfoContributor(attributes);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Resource.class, SpanProcessor.class })
	@Conditional(OnSpanAttributesCondition.class)
	static class SpanAttributesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResourceAttributesSpanProcessor resourceAttributesSpanProcessor(ResourceAttributes attributes,
				ObjectProvider<Resource> resource) {
			return ResourceAttributesSpanProcessor.of(attributes, resource.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Resource.class, SdkTracerProviderBuilderCustomizer.class })
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResourceTracerProviderCustomizer resourceTracerProviderCustomizer(ResourceAttributes attributes,
				ObjectProvider<Resource> resource) {
			return new ResourceTracerProviderCustomizer(attributes, resource);
		}

	}

}
