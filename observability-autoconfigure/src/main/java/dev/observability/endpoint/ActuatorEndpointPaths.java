package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Where the given actuator endpoints are served in one context, for the servlet and the
 * reactive matcher alike: their paths from the context's {@link PathMappedEndpoints}
 * (base path and path mappings included), and none at all in the application's context
 * while the actuator has a port of its own.
 */
final class ActuatorEndpointPaths {

	private ActuatorEndpointPaths() {
	}

	/**
	 * The endpoint ids, checked.
	 * @param endpoints ids as configured
	 * @return the ids
	 */
	static List<EndpointId> ids(List<String> endpoints) {
		List<EndpointId> ids = new ArrayList<>(endpoints.size());
		for (String endpoint : endpoints) {
			ids.add(EndpointId.of(endpoint));
		}
		return List.copyOf(ids);
	}

	/**
	 * The paths of the exposed endpoints among the given ones, each without a trailing
	 * slash (the empty string for an endpoint mapped to the root).
	 * @param context the context serving a request
	 * @param endpoints the endpoints
	 * @return the paths, empty when the context serves none of them
	 */
	static List<String> servedBy(ApplicationContext context, List<EndpointId> endpoints) {
		if (ManagementPortType.get(context.getEnvironment()) == ManagementPortType.DIFFERENT
				&& !WebServerApplicationContext.hasServerNamespace(context, "management")) {
			return List.of();
		}
		PathMappedEndpoints mapped = context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
		if (mapped == null) {
			return List.of();
		}
		List<String> paths = new ArrayList<>(endpoints.size());
		for (EndpointId id : endpoints) {
			String path = mapped.getPath(id);
			if (path != null) {
				paths.add(path.equals("/") ? "" : path);
			}
		}
		return paths;
	}

}
