package dev.observability.resource;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the resource attributes: where they are detected and where they go.
 */
@ConfigurationProperties("observability.resource")
public class ResourceAttributesProperties {

	/** Largest value accepted for {@code max-value-length}. */
	static final int MAX_VALUE_LENGTH_LIMIT = 4096;

	/** Whether the starter detects resource attributes and publishes them. */
	private boolean enabled = true;

	/**
	 * Longest attribute value accepted, in characters. Longer values, and values with
	 * control characters, are dropped with a warning.
	 */
	private int maxValueLength = 256;

	/**
	 * Resource attributes also added as tags to every meter, for example service.name.
	 * Keep these few and of low cardinality: target_info carries all attributes already.
	 */
	private List<String> commonTags = new ArrayList<>();

	/**
	 * When the resource attributes (except service.name) are also copied onto every span
	 * as span attributes, for backends whose span model has no resource: AUTO does it
	 * when OpenTelemetry's Zipkin exporter is on the classpath (Zipkin shows only
	 * service.name of the resource), ALWAYS and NEVER regardless.
	 */
	private SpanAttributes spanAttributes = SpanAttributes.AUTO;

	/** Kubernetes downward-API variables. */
	private final Kubernetes kubernetes = new Kubernetes();

	/** Version and commit of the running build. */
	private final Build build = new Build();

	/** The target_info gauge. */
	private final TargetInfo targetInfo = new TargetInfo();

	/** The resource section of /actuator/info. */
	private final Info info = new Info();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxValueLength() {
		return this.maxValueLength;
	}

	public void setMaxValueLength(int maxValueLength) {
		if (maxValueLength < 1 || maxValueLength > MAX_VALUE_LENGTH_LIMIT) {
			throw new IllegalArgumentException(
					"must be between 1 and " + MAX_VALUE_LENGTH_LIMIT + " (was " + maxValueLength + ")");
		}
		this.maxValueLength = maxValueLength;
	}

	public List<String> getCommonTags() {
		return this.commonTags;
	}

	public void setCommonTags(List<String> commonTags) {
		for (String key : commonTags) {
			requireName(key, "every common tag must be a resource attribute key");
		}
		this.commonTags = commonTags;
	}

	public SpanAttributes getSpanAttributes() {
		return this.spanAttributes;
	}

	public void setSpanAttributes(SpanAttributes spanAttributes) {
		this.spanAttributes = spanAttributes;
	}

	public Kubernetes getKubernetes() {
		return this.kubernetes;
	}

	public Build getBuild() {
		return this.build;
	}

	public TargetInfo getTargetInfo() {
		return this.targetInfo;
	}

	public Info getInfo() {
		return this.info;
	}

	static String requireName(String name, String message) {
		if (name == null || name.isBlank() || !name.strip().equals(name)) {
			throw new IllegalArgumentException(message + " (was '" + name + "')");
		}
		return name;
	}

	static List<String> requireNames(List<String> names, String message) {
		for (String name : names) {
			requireName(name, message);
		}
		return names;
	}

	/**
	 * When the resource attributes are copied onto every span.
	 */
	public enum SpanAttributes {

		/** When OpenTelemetry's Zipkin span exporter is on the classpath. */
		AUTO,

		/** Always, whatever the exporter. */
		ALWAYS,

		/** Never: the attributes stay on the resource only. */
		NEVER

	}

	/**
	 * Names of the Kubernetes downward-API environment variables.
	 */
	public static class Kubernetes {

		/** Whether Kubernetes attributes are detected. */
		private boolean enabled = true;

		/**
		 * Variable holding the pod name (k8s.pod.name); in a cluster HOSTNAME is the
		 * fallback.
		 */
		private String podNameVariable = "POD_NAME";

		/**
		 * Variable holding the namespace (k8s.namespace.name); in a cluster the
		 * service-account namespace file is the fallback.
		 */
		private String namespaceVariable = "POD_NAMESPACE";

		/** Variable holding the node name (k8s.node.name). */
		private String nodeNameVariable = "NODE_NAME";

		/** Variable holding the pod IP (k8s.pod.ip). */
		private String podIpVariable = "POD_IP";

		/**
		 * Variable holding the pod UID (k8s.pod.uid), also used as service.instance.id.
		 */
		private String podUidVariable = "POD_UID";

		/** Variable holding the container name (k8s.container.name). */
		private String containerNameVariable = "CONTAINER_NAME";

		/**
		 * File read for the namespace when running in a cluster and the namespace
		 * variable is not set.
		 */
		private String namespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPodNameVariable() {
			return this.podNameVariable;
		}

		public void setPodNameVariable(String podNameVariable) {
			this.podNameVariable = variable(podNameVariable);
		}

		public String getNamespaceVariable() {
			return this.namespaceVariable;
		}

		public void setNamespaceVariable(String namespaceVariable) {
			this.namespaceVariable = variable(namespaceVariable);
		}

		public String getNodeNameVariable() {
			return this.nodeNameVariable;
		}

		public void setNodeNameVariable(String nodeNameVariable) {
			this.nodeNameVariable = variable(nodeNameVariable);
		}

		public String getPodIpVariable() {
			return this.podIpVariable;
		}

		public void setPodIpVariable(String podIpVariable) {
			this.podIpVariable = variable(podIpVariable);
		}

		public String getPodUidVariable() {
			return this.podUidVariable;
		}

		public void setPodUidVariable(String podUidVariable) {
			this.podUidVariable = variable(podUidVariable);
		}

		public String getContainerNameVariable() {
			return this.containerNameVariable;
		}

		public void setContainerNameVariable(String containerNameVariable) {
			this.containerNameVariable = variable(containerNameVariable);
		}

		public String getNamespaceFile() {
			return this.namespaceFile;
		}

		public void setNamespaceFile(String namespaceFile) {
			this.namespaceFile = requireName(namespaceFile, "must be a file path");
		}

		private static String variable(String name) {
			return requireName(name, "must be an environment variable name");
		}

	}

	/**
	 * Where the version and the commit come from when Boot's build-info.properties and
	 * git.properties do not tell.
	 */
	public static class Build {

		/**
		 * Variable holding the version (service.version) when there is no build info and
		 * no spring.application.version.
		 */
		private String versionVariable = "SERVICE_VERSION";

		/**
		 * Variables holding the commit (vcs.ref.head.revision) when there is no
		 * git.properties, first set wins.
		 */
		private List<String> commitVariables = new ArrayList<>(List.of("GIT_COMMIT", "GIT_SHA", "SOURCE_COMMIT"));

		/**
		 * Variables holding the branch (vcs.ref.head.name) when there is no
		 * git.properties, first set wins.
		 */
		private List<String> branchVariables = new ArrayList<>(List.of("GIT_BRANCH"));

		public String getVersionVariable() {
			return this.versionVariable;
		}

		public void setVersionVariable(String versionVariable) {
			this.versionVariable = requireName(versionVariable, "must be an environment variable name");
		}

		public List<String> getCommitVariables() {
			return this.commitVariables;
		}

		public void setCommitVariables(List<String> commitVariables) {
			this.commitVariables = requireNames(commitVariables, "every entry must be an environment variable name");
		}

		public List<String> getBranchVariables() {
			return this.branchVariables;
		}

		public void setBranchVariables(List<String> branchVariables) {
			this.branchVariables = requireNames(branchVariables, "every entry must be an environment variable name");
		}

	}

	/**
	 * Settings for the target_info gauge.
	 */
	public static class TargetInfo {

		/**
		 * Whether the target_info gauge (value 1, the attributes as labels) is
		 * registered.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings for the info endpoint contribution.
	 */
	public static class Info {

		/** Whether /actuator/info shows the attributes under observability.resource. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
