package dev.observability.grpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Switches Spring gRPC's own observation interceptors off by default while the starter's
 * gRPC interceptors are active, so that each call has one server span and one set of
 * metrics. The defaults sit at the lowest precedence and are only added for a property
 * not set anywhere: setting {@code spring.grpc.server.observation.enabled} or
 * {@code spring.grpc.client.observation.enabled} anywhere (the application's default
 * properties included, which Spring Boot moves behind every other source), or
 * {@code observability.grpc.replace-spring-observation=false}, gives them back.
 */
public class SpringGrpcObservationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "observabilityGrpcDefaults";

	static final String SERVER_OBSERVATION = "spring.grpc.server.observation.enabled";

	static final String CLIENT_OBSERVATION = "spring.grpc.client.observation.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = (application != null) ? application.getClassLoader() : null;
		if (!ClassUtils.isPresent("io.grpc.ServerInterceptor", classLoader)
				|| !ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", classLoader)
				|| !isTrue(environment, "observability.grpc.enabled")
				|| !isTrue(environment, "observability.grpc.replace-spring-observation")) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (isTrue(environment, "observability.grpc.server.enabled")
				&& !environment.containsProperty(SERVER_OBSERVATION)) {
			defaults.put(SERVER_OBSERVATION, "false");
		}
		if (isTrue(environment, "observability.grpc.client.enabled")
				&& !environment.containsProperty(CLIENT_OBSERVATION)) {
			defaults.put(CLIENT_OBSERVATION, "false");
		}
		if (!defaults.isEmpty() && !environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static boolean isTrue(ConfigurableEnvironment environment, String name) {
		return environment.getProperty(name, Boolean.class, Boolean.TRUE);
	}

	/** After the config data has been loaded, so that the switches above can be read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
