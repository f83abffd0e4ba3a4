package dev.observability.resource;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Shows the resource attributes on {@code /actuator/info} under
 * {@code observability.resource}.
 */
public class ResourceInfoContributor implements InfoContributor {

	private final ResourceAttributes attributes;

	public ResourceInfoContributor(ResourceAttributes attributes) {
		this.attributes = attributes;
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("observability", Map.of("resource", this.attributes.asMap()));
	}

}
