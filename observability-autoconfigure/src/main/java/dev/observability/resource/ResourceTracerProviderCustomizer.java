package dev.observability.resource;

import java.util.HashSet;
import java.util.Set;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;

/**
 * Adds the resource attributes to the tracer provider's {@link Resource}, so that every
 * exported span carries them. Attributes the configured {@code Resource} bean already has
 * (Boot's, built from {@code OTEL_RESOURCE_ATTRIBUTES} and
 * {@code management.opentelemetry.resource-attributes}, or the user's) keep their value.
 */
public class ResourceTracerProviderCustomizer implements SdkTracerProviderBuilderCustomizer {

	private final ResourceAttributes attributes;

	private final ObjectProvider<Resource> configured;

	public ResourceTracerProviderCustomizer(ResourceAttributes attributes, ObjectProvider<Resource> configured) {
		this.attributes = attributes;
		this.configured = configured;
	}

	@Override
	public void customize(SdkTracerProviderBuilder builder) {
		builder.addResource(additionsTo(this.configured.getIfUnique()));
	}

	/**
	 * The attributes a resource does not have yet.
	 * @param existing the resource the provider starts from, or {@code null}
	 * @return a resource with only the missing attributes
	 */
	Resource additionsTo(@Nullable Resource existing) {
		Set<String> present = new HashSet<>();
		if (existing != null) {
			existing.getAttributes().forEach((key, value) -> present.add(key.getKey()));
		}
		ResourceBuilder additions = Resource.builder();
		this.attributes.asMap().forEach((key, value) -> {
			if (!present.contains(key)) {
				additions.put(key, value);
			}
		});
		return additions.build();
	}

}
