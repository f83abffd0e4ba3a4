package dev.observability.resource;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The resource attributes of this process, assembled once at startup: what the detector
 * found, with {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_SERVICE_NAME} and
 * {@code management.opentelemetry.resource-attributes} taking precedence.
 */
public final class ResourceAttributes {

	/**
	 * What a deployment should tell about itself and may not.
	 */
	public enum Facet {

		/** {@code service.version}. */
		VERSION,

		/** {@code vcs.ref.head.revision}. */
		COMMIT,

		/** {@code k8s.pod.name} and {@code k8s.namespace.name}. */
		KUBERNETES

	}

	private final Map<String, String> attributes;

	private final Map<String, String> detected;

	private final Map<String, String> dropped;

	private final boolean inKubernetes;

	ResourceAttributes(Map<String, String> attributes, Map<String, String> detected, Map<String, String> dropped,
			boolean inKubernetes) {
		this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		this.detected = Collections.unmodifiableMap(new LinkedHashMap<>(detected));
		this.dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
		this.inKubernetes = inKubernetes;
	}

	/**
	 * Creates attributes from a fixed map, for users who assemble them themselves.
	 * @param attributes the attributes
	 * @return the attributes, all counted as detected
	 */
	public static ResourceAttributes of(Map<String, String> attributes) {
		return new ResourceAttributes(attributes, attributes, Map.of(), false);
	}

	/**
	 * The attributes that go on the telemetry, in a stable order.
	 * @return attribute key to value
	 */
	public Map<String, String> asMap() {
		return this.attributes;
	}

	/**
	 * What the detector itself found, before the user's attributes took precedence.
	 * @return attribute key to value
	 */
	public Map<String, String> detected() {
		return this.detected;
	}

	/**
	 * Attributes dropped because their value was unusable.
	 * @return attribute key to the reason it was dropped (never the value)
	 */
	public Map<String, String> dropped() {
		return this.dropped;
	}

	/**
	 * Returns one attribute.
	 * @param key the attribute key
	 * @return its value, or {@code null}
	 */
	public @Nullable String get(String key) {
		return this.attributes.get(key);
	}

	/**
	 * Whether the process runs in a Kubernetes cluster ({@code KUBERNETES_SERVICE_HOST}
	 * is set).
	 * @return whether in a cluster
	 */
	public boolean runningInKubernetes() {
		return this.inKubernetes;
	}

	/**
	 * What the telemetry of this process does not tell.
	 * @return the missing facets, empty when nothing is missing
	 */
	public Set<Facet> missing() {
		Set<Facet> missing = EnumSet.noneOf(Facet.class);
		if (!this.attributes.containsKey(ResourceAttributeKeys.SERVICE_VERSION)) {
			missing.add(Facet.VERSION);
		}
		if (!this.attributes.containsKey(ResourceAttributeKeys.VCS_REVISION)) {
			missing.add(Facet.COMMIT);
		}
		if (!this.attributes.containsKey(ResourceAttributeKeys.K8S_POD_NAME)
				|| !this.attributes.containsKey(ResourceAttributeKeys.K8S_NAMESPACE_NAME)) {
			missing.add(Facet.KUBERNETES);
		}
		return missing;
	}

	@Override
	public String toString() {
		return this.attributes.toString();
	}

}
