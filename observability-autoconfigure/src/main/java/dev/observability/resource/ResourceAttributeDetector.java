package dev.observability.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Assembles the resource attributes of this process from the Kubernetes downward-API
 * variables, Boot's build info and git properties, the environment, and the attributes
 * the user set.
 */
class ResourceAttributeDetector {

	/** Set by Kubernetes in every container of a cluster. */
	static final String KUBERNETES_SERVICE_HOST = "KUBERNETES_SERVICE_HOST";

	/** The pod name in a Kubernetes container unless the pod spec says otherwise. */
	static final String HOSTNAME = "HOSTNAME";

	/** What Boot puts on the resource when there is no application name. */
	static final String DEFAULT_SERVICE_NAME = "unknown_service";

	private static final String USER_ATTRIBUTES_PROPERTY = "management.opentelemetry.resource-attributes";

	private static final Logger logger = LoggerFactory.getLogger(ResourceAttributeDetector.class);

	private final ResourceAttributesProperties properties;

	private final EnvironmentVariables variables;

	private final Environment environment;

	private final @Nullable BuildProperties build;

	private final @Nullable GitProperties git;

	ResourceAttributeDetector(ResourceAttributesProperties properties, EnvironmentVariables variables,
			Environment environment, @Nullable BuildProperties build, @Nullable GitProperties git) {
		this.properties = properties;
		this.variables = variables;
		this.environment = environment;
		this.build = build;
		this.git = git;
	}

	/**
	 * Detects the attributes. Reads files and the environment: call once at startup.
	 * @return the attributes
	 */
	public ResourceAttributes detect() {
		Values detected = new Values(this.properties.getMaxValueLength());
		boolean inKubernetes = StringUtils.hasText(this.variables.get(KUBERNETES_SERVICE_HOST));
		detectService(detected);
		detectBuild(detected);
		if (this.properties.getKubernetes().isEnabled()) {
			detectKubernetes(detected, inKubernetes);
		}
		Values user = new Values(this.properties.getMaxValueLength());
		readUserAttributes(user);
		Map<String, String> attributes = new TreeMap<>(detected.values);
		user.values.forEach((key, value) -> {
			if (value.isEmpty()) {
				attributes.remove(key);
			}
			else {
				attributes.put(key, value);
			}
		});
		attributes.putIfAbsent(ResourceAttributeKeys.SERVICE_NAME, DEFAULT_SERVICE_NAME);
		Map<String, String> dropped = new LinkedHashMap<>(detected.dropped);
		dropped.putAll(user.dropped);
		return new ResourceAttributes(attributes, new TreeMap<>(detected.values), dropped, inKubernetes);
	}

	private void detectService(Values values) {
		values.put(ResourceAttributeKeys.SERVICE_NAME, this.environment.getProperty("spring.application.name"),
				"spring.application.name");
		values.put(ResourceAttributeKeys.SERVICE_NAMESPACE, this.environment.getProperty("spring.application.group"),
				"spring.application.group");
	}

	private void detectBuild(Values values) {
		ResourceAttributesProperties.Build settings = this.properties.getBuild();
		if (this.build != null && StringUtils.hasText(this.build.getVersion())) {
			values.put(ResourceAttributeKeys.SERVICE_VERSION, this.build.getVersion(), "build-info.properties");
		}
		else if (StringUtils.hasText(this.environment.getProperty("spring.application.version"))) {
			values.put(ResourceAttributeKeys.SERVICE_VERSION,
					this.environment.getProperty("spring.application.version"), "spring.application.version");
		}
		else {
			putVariable(values, ResourceAttributeKeys.SERVICE_VERSION, settings.getVersionVariable());
		}
		if (this.git != null && StringUtils.hasText(this.git.getCommitId())) {
			values.put(ResourceAttributeKeys.VCS_REVISION, this.git.getCommitId(), "git.properties");
			values.put(ResourceAttributeKeys.VCS_BRANCH, this.git.getBranch(), "git.properties");
		}
		else {
			putFirstVariable(values, ResourceAttributeKeys.VCS_REVISION, settings.getCommitVariables());
			putFirstVariable(values, ResourceAttributeKeys.VCS_BRANCH, settings.getBranchVariables());
		}
	}

	private void detectKubernetes(Values values, boolean inKubernetes) {
		ResourceAttributesProperties.Kubernetes settings = this.properties.getKubernetes();
		putVariable(values, ResourceAttributeKeys.K8S_POD_NAME, settings.getPodNameVariable());
		putVariable(values, ResourceAttributeKeys.K8S_NAMESPACE_NAME, settings.getNamespaceVariable());
		putVariable(values, ResourceAttributeKeys.K8S_NODE_NAME, settings.getNodeNameVariable());
		putVariable(values, ResourceAttributeKeys.K8S_POD_IP, settings.getPodIpVariable());
		putVariable(values, ResourceAttributeKeys.K8S_POD_UID, settings.getPodUidVariable());
		putVariable(values, ResourceAttributeKeys.K8S_CONTAINER_NAME, settings.getContainerNameVariable());
		if (inKubernetes) {
			if (!values.has(ResourceAttributeKeys.K8S_POD_NAME)) {
				putVariable(values, ResourceAttributeKeys.K8S_POD_NAME, HOSTNAME);
			}
			if (!values.has(ResourceAttributeKeys.K8S_NAMESPACE_NAME)) {
				values.put(ResourceAttributeKeys.K8S_NAMESPACE_NAME, readNamespaceFile(settings.getNamespaceFile()),
						"file " + settings.getNamespaceFile());
			}
		}
		String instanceId = values.has(ResourceAttributeKeys.K8S_POD_UID)
				? values.get(ResourceAttributeKeys.K8S_POD_UID) : values.get(ResourceAttributeKeys.K8S_POD_NAME);
		values.put(ResourceAttributeKeys.SERVICE_INSTANCE_ID, instanceId, "the pod");
	}

	private @Nullable String readNamespaceFile(String location) {
		Path path = Path.of(location);
		if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
			return null;
		}
		try {
			if (Files.size(path) > ResourceAttributesProperties.MAX_VALUE_LENGTH_LIMIT) {
				logger.warn("Ignoring namespace file {}: larger than {} bytes", location,
						ResourceAttributesProperties.MAX_VALUE_LENGTH_LIMIT);
				return null;
			}
			return Files.readString(path, StandardCharsets.UTF_8).strip();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot read namespace file {}: {}", location, ex.toString());
			return null;
		}
	}

	private void putVariable(Values values, String key, String variable) {
		values.put(key, this.variables.get(variable), "environment variable " + variable);
	}

	private void putFirstVariable(Values values, String key, List<String> variables) {
		for (String variable : variables) {
			String value = this.variables.get(variable);
			if (StringUtils.hasText(value)) {
				values.put(key, value, "environment variable " + variable);
				return;
			}
		}
	}

	/**
	 * The attributes the user set, in Boot's order: {@code OTEL_RESOURCE_ATTRIBUTES},
	 * then {@code OTEL_SERVICE_NAME}, then
	 * {@code management.opentelemetry.resource-attributes}. An empty value is kept: it
	 * removes the attribute.
	 * <p>
	 * The same parsing as Boot's {@code OpenTelemetryResourceAttributes} (trimmed,
	 * percent-decoded, the property over the variables), which is not used because it
	 * cannot be given the variables: its public constructor reads
	 * {@link System#getenv(String)}, so the {@link EnvironmentVariables} bean (and every
	 * test that sets these variables through it) would be bypassed. It also fails on a
	 * value that is not percent-encoded correctly, where the starter drops that one
	 * attribute with a warning, and it lives in {@code spring-boot-opentelemetry}, an
	 * optional dependency the detection does not otherwise need.
	 */
	private void readUserAttributes(Values values) {
		String fromEnvironment = this.variables.get("OTEL_RESOURCE_ATTRIBUTES");
		for (String attribute : StringUtils.tokenizeToStringArray(fromEnvironment, ",")) {
			int index = attribute.indexOf('=');
			if (index > 0) {
				String key = attribute.substring(0, index).trim();
				values.putUser(key, decode(key, attribute.substring(index + 1).trim()), "OTEL_RESOURCE_ATTRIBUTES");
			}
		}
		String serviceName = this.variables.get("OTEL_SERVICE_NAME");
		if (serviceName != null) {
			values.putUser(ResourceAttributeKeys.SERVICE_NAME, serviceName, "OTEL_SERVICE_NAME");
		}
		propertyAttributes().forEach((key, value) -> {
			if (StringUtils.hasLength(key) && value != null) {
				values.putUser(key, value, USER_ATTRIBUTES_PROPERTY);
			}
		});
	}

	private Map<String, String> propertyAttributes() {
		if (!(this.environment instanceof ConfigurableEnvironment)) {
			return Map.of();
		}
		return Binder.get(this.environment)
			.bind(USER_ATTRIBUTES_PROPERTY, Bindable.mapOf(String.class, String.class))
			.orElseGet(Map::of);
	}

	private static @Nullable String decode(String key, String value) {
		try {
			return StringUtils.uriDecode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Dropping resource attribute {} from OTEL_RESOURCE_ATTRIBUTES: not percent-encoded correctly",
					key);
			return null;
		}
	}

	/**
	 * Attribute values gathered from one kind of source, each checked once.
	 */
	private static final class Values {

		private final int maxLength;

		private final Map<String, String> values = new LinkedHashMap<>();

		private final Map<String, String> dropped = new LinkedHashMap<>();

		Values(int maxLength) {
			this.maxLength = maxLength;
		}

		boolean has(String key) {
			return this.values.containsKey(key);
		}

		@Nullable String get(String key) {
			return this.values.get(key);
		}

		/** A detected value: absent when missing or empty. */
		void put(String key, @Nullable String value, String source) {
			if (value != null && !value.isEmpty() && usable(key, value, source)) {
				this.values.put(key, value);
			}
		}

		/** A value the user set: an empty one is kept, it removes the attribute. */
		void putUser(String key, @Nullable String value, String source) {
			if (value != null && usable(key, value, source)) {
				this.values.put(key, value);
			}
		}

		private boolean usable(String key, String value, String source) {
			String problem = problem(value);
			if (problem == null) {
				return true;
			}
			// Never log the value itself: it may be huge or carry terminal escapes.
			logger.warn("Dropping resource attribute {} from {}: {}", key, source, problem);
			this.dropped.put(key, problem);
			return false;
		}

		private @Nullable String problem(String value) {
			if (value.length() > this.maxLength) {
				return "value longer than " + this.maxLength + " characters (observability.resource.max-value-length)";
			}
			for (int i = 0; i < value.length(); i++) {
				if (Character.isISOControl(value.charAt(i))) {
					return "value contains a control character";
				}
			}
			return null;
		}

	}

}
