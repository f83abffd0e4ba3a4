package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.observability.resource.ResourceAttributeKeys;
import dev.observability.resource.ResourceAttributes;
import dev.observability.resource.ResourceAttributes.Facet;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Resources: whether the telemetry says which build ({@code resource.version}), which
 * commit ({@code resource.commit}) and which pod ({@code resource.kubernetes}) it comes
 * from.
 */
public class ResourceAttributesCheck implements PitfallCheck {

	static final String VERSION = "resource.version";

	static final String COMMIT = "resource.commit";

	static final String KUBERNETES = "resource.kubernetes";

	private final ObjectProvider<ResourceAttributes> attributes;

	public ResourceAttributesCheck(ObjectProvider<ResourceAttributes> attributes) {
		this.attributes = attributes;
	}

	@Override
	public List<Finding> check() {
		ResourceAttributes resource = this.attributes.getIfAvailable();
		if (resource == null) {
			String message = "resource attributes are off: telemetry does not say which build, commit or pod it comes from";
			String fix = "remove observability.resource.enabled=false";
			return List.of(Finding.warn(VERSION, Pitfall.RESOURCES, message, fix),
					Finding.warn(COMMIT, Pitfall.RESOURCES, message, fix),
					Finding.warn(KUBERNETES, Pitfall.RESOURCES, message, fix));
		}
		Set<Facet> missing = resource.missing();
		List<Finding> findings = new ArrayList<>();
		findings.add(missing.contains(Facet.VERSION)
				? Finding.warn(VERSION, Pitfall.RESOURCES,
						"no service.version: a regression cannot be tied to the release that brought it",
						"add the build-info goal of spring-boot-maven-plugin (or springBoot { buildInfo() }), "
								+ "or set OTEL_RESOURCE_ATTRIBUTES=service.version=...")
				: Finding.ok(VERSION, Pitfall.RESOURCES,
						"service.version=" + resource.get(ResourceAttributeKeys.SERVICE_VERSION)));
		findings.add(missing.contains(Facet.COMMIT)
				? Finding.warn(COMMIT, Pitfall.RESOURCES,
						"no vcs.ref.head.revision: telemetry does not say which commit is running",
						"add git-commit-id-maven-plugin (git.properties), or pass GIT_COMMIT to the process")
				: Finding.ok(COMMIT, Pitfall.RESOURCES,
						"vcs.ref.head.revision=" + resource.get(ResourceAttributeKeys.VCS_REVISION)));
		findings.add(kubernetes(resource, missing));
		return findings;
	}

	private static Finding kubernetes(ResourceAttributes resource, Set<Facet> missing) {
		if (!missing.contains(Facet.KUBERNETES)) {
			return Finding.ok(KUBERNETES, Pitfall.RESOURCES,
					"k8s.pod.name=" + resource.get(ResourceAttributeKeys.K8S_POD_NAME) + ", k8s.namespace.name="
							+ resource.get(ResourceAttributeKeys.K8S_NAMESPACE_NAME));
		}
		String fix = "pass POD_NAME, POD_NAMESPACE and NODE_NAME from the downward API (fieldRef metadata.name, "
				+ "metadata.namespace, spec.nodeName), see docs/kubernetes/deployment.yaml";
		if (resource.runningInKubernetes()) {
			return Finding.fail(KUBERNETES, Pitfall.RESOURCES,
					"running in Kubernetes, but telemetry has no pod and namespace: series of all pods mix", fix);
		}
		return Finding.warn(KUBERNETES, Pitfall.RESOURCES,
				"not running in Kubernetes: telemetry has no pod and namespace (expected outside a cluster)", fix);
	}

}
