package dev.observability.resource;

/**
 * The OpenTelemetry semantic-convention attribute keys the resource detector fills.
 */
public final class ResourceAttributeKeys {

	/** Logical name of the service. */
	public static final String SERVICE_NAME = "service.name";

	/** Namespace (group) of the service. */
	public static final String SERVICE_NAMESPACE = "service.namespace";

	/** Version of the running build. */
	public static final String SERVICE_VERSION = "service.version";

	/** Identity of this instance of the service. */
	public static final String SERVICE_INSTANCE_ID = "service.instance.id";

	/** Commit the running build was made from. */
	public static final String VCS_REVISION = "vcs.ref.head.revision";

	/** Branch the running build was made from. */
	public static final String VCS_BRANCH = "vcs.ref.head.name";

	/** Name of the Kubernetes pod. */
	public static final String K8S_POD_NAME = "k8s.pod.name";

	/** Kubernetes namespace of the pod. */
	public static final String K8S_NAMESPACE_NAME = "k8s.namespace.name";

	/** Kubernetes node the pod runs on. */
	public static final String K8S_NODE_NAME = "k8s.node.name";

	/** IP address of the pod. */
	public static final String K8S_POD_IP = "k8s.pod.ip";

	/** UID of the Kubernetes pod. */
	public static final String K8S_POD_UID = "k8s.pod.uid";

	/** Name of the container in the pod. */
	public static final String K8S_CONTAINER_NAME = "k8s.container.name";

	private ResourceAttributeKeys() {
	}

}
