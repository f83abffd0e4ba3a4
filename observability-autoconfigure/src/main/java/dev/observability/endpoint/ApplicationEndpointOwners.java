package dev.observability.endpoint;

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
	 * @return a sentence for the startup log; null when there is nothing to say
	 */
	String leftToApplication(ApplicationContext context);

}
