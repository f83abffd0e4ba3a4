package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Where the actuator endpoints are served in one context, for the servlet and the
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
	 * The ids of the actuator endpoints the application declares, exposed or not: the
	 * beans annotated with {@link Endpoint} (or an annotation meta-annotated with it,
	 * such as {@code @WebEndpoint}).
	 * @param beans the application's bean factory
	 * @return the ids
	 */
	static Set<String> declaredIn(ListableBeanFactory beans) {
		Set<String> ids = new TreeSet<>();
		for (String name : beans.getBeanNamesForAnnotation(Endpoint.class)) {
			Endpoint endpoint = beans.findAnnotationOnBean(name, Endpoint.class, false);
			if (endpoint != null) {
				ids.add(EndpointId.of(endpoint.id()).toString());
			}
		}
		return ids;
	}

	/**
	 * The exposed endpoints of a context and their paths, each without a trailing slash
	 * (the empty string for an endpoint mapped to the root).
	 * @param context the context serving a request
	 * @return the endpoints, empty when the context serves none (no actuator, or the
	 * actuator has a port of its own and this is the application's context)
	 */
	static List<Mapped> exposedBy(ApplicationContext context) {
		if (ManagementPortType.get(context.getEnvironment()) == ManagementPortType.DIFFERENT
				&& !WebServerApplicationContext.hasServerNamespace(context, "management")) {
			return List.of();
		}
		PathMappedEndpoints mapped = context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
		if (mapped == null) {
			return List.of();
		}
		List<Mapped> endpoints = new ArrayList<>();
		for (PathMappedEndpoint endpoint : mapped) {
			EndpointId id = idOf(endpoint);
			String path = (id != null) ? mapped.getPath(id) : null;
			if (id != null && path != null) {
				endpoints.add(new Mapped(id, path.equals("/") ? "" : path));
			}
		}
		return List.copyOf(endpoints);
	}

	/**
	 * The id of a path-mapped endpoint.
	 * @param endpoint the endpoint
	 * @return its id; null for an endpoint that is not an {@link ExposableEndpoint}
	 */
	static @Nullable EndpointId idOf(PathMappedEndpoint endpoint) {
		return (endpoint instanceof ExposableEndpoint<?> exposable) ? exposable.getEndpointId() : null;
	}

	/**
	 * An exposed endpoint and where it is served.
	 *
	 * @param id the endpoint's id
	 * @param path its path within the application, without a trailing slash
	 */
	record Mapped(EndpointId id, String path) {
	}

}
