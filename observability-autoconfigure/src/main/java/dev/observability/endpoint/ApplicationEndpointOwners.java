package dev.observability.endpoint;

import java.util.Set;

import org.springframework.context.ApplicationContext;

/**
 * Tells at startup which exposed actuator endpoints the application's own security chains
 * take over, for {@link EndpointAccessLogger}.
 */
@FunctionalInterface
interface ApplicationEndpointOwners {

	/**
	 * Which endpoints the application's own chains take over.
	 * @param context the application's context
	 * @return ids of the endpoints, empty for none
	 */
	Set<String> leftToApplication(ApplicationContext context);

}
