package dev.observability.context;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Turns Reactor's automatic context propagation on by default
 * ({@code spring.reactor.context-propagation=auto}; Spring Boot's default,
 * {@code limited}, restores thread locals only in {@code tap} and {@code handle}), so
 * that the current span and the MDC hold in every operator on every scheduler. The
 * default sits at the lowest precedence: an application that sets
 * {@code spring.reactor.context-propagation} itself keeps its choice, and
 * {@code observability.context.reactor-automatic-propagation=false} leaves Boot's default
 * alone.
 */
public class ReactorContextPropagationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the default. */
	public static final String PROPERTY_SOURCE_NAME = "observabilityReactorDefaults";

	static final String REACTOR_CONTEXT_PROPAGATION = "spring.reactor.context-propagation";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = (application != null) ? application.getClassLoader() : null;
		if (!ClassUtils.isPresent("reactor.core.publisher.Hooks", classLoader)
				|| !ClassUtils.isPresent("io.micrometer.context.ContextRegistry", classLoader)
				|| !isTrue(environment, "observability.context.enabled")
				|| !isTrue(environment, "observability.context.reactor-automatic-propagation")
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(REACTOR_CONTEXT_PROPAGATION, "auto")));
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
