package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.observability.endpoint.reactiveapp.ReactiveEndpointTestApplication;
import dev.observability.endpoint.testapp.EndpointTestApplication;
import org.junit.jupiter.params.provider.Arguments;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a test application on a random loopback port, on Tomcat (Spring MVC) or on
 * Reactor Netty (WebFlux), in one of four set-ups of the application's own security that
 * mean the same on both.
 */
final class TestApps {

	static final String USER = "prometheus";

	static final String PASSWORD = "s3cret-Scrape";

	/**
	 * Spring Boot's own security auto-configuration: off when the application has no
	 * security.
	 */
	private static final String BOOT_SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

	/**
	 * Tomcat's reactive server: on the test class path for the servlet tests, but a
	 * WebFlux service runs on Reactor Netty (both would define the management server's
	 * context factory).
	 */
	private static final String TOMCAT_REACTIVE = "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

	/** Which web stack the application runs on. */
	enum Stack {

		/** Spring MVC on Tomcat. */
		SERVLET,

		/** WebFlux on Reactor Netty. */
		REACTIVE

	}

	/** How the application secures itself. */
	enum Security {

		/**
		 * No Spring Security filter at all: what a user of the starter without Boot's
		 * security module has.
		 */
		NONE,

		/** Spring Boot's default: everything but health behind its generated user. */
		BOOT_DEFAULT,

		/** The application's own chain, letting every request through. */
		PERMIT_ALL,

		/**
		 * The application's own chain: /api/** and health open, the rest behind basic
		 * auth for its own user.
		 */
		OWN_CHAIN

	}

	private TestApps() {
	}

	/**
	 * Every stack with every set-up of the application's security.
	 * @return pairs of {@link Stack} and {@link Security}
	 */
	static Stream<Arguments> everySetup() {
		List<Arguments> setups = new ArrayList<>();
		for (Stack stack : Stack.values()) {
			for (Security security : Security.values()) {
				setups.add(Arguments.of(stack, security));
			}
		}
		return setups.stream();
	}

	static ConfigurableApplicationContext start(Security security, String... properties) {
		return start(Stack.SERVLET, security, properties);
	}

	static ConfigurableApplicationContext start(Stack stack, Security security, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=health,info,prometheus,metrics",
				"spring.security.user.name=bootuser", "spring.security.user.password=bootpass",
				"observability.endpoint.auth.username=" + USER, "observability.endpoint.auth.password=" + PASSWORD));
		List<String> excluded = new ArrayList<>();
		if (stack == Stack.REACTIVE) {
			all.add("spring.main.web-application-type=reactive");
			excluded.add(TOMCAT_REACTIVE);
		}
		switch (security) {
			case NONE -> excluded.add(BOOT_SECURITY);
			case BOOT_DEFAULT -> {
			}
			case PERMIT_ALL -> all.add("testapp.security=permit-all");
			case OWN_CHAIN -> all.add("testapp.security=own");
		}
		if (!excluded.isEmpty()) {
			all.add("spring.autoconfigure.exclude=" + String.join(",", excluded));
		}
		all.addAll(List.of(properties));
		Class<?> application = (stack == Stack.REACTIVE) ? ReactiveEndpointTestApplication.class
				: EndpointTestApplication.class;
		return new SpringApplicationBuilder(application).properties(all.toArray(new String[0])).run();
	}

	static TestHttp http(ConfigurableApplicationContext context) {
		return new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort(), isReactive(context));
	}

	static TestHttp managementHttp(ConfigurableApplicationContext context) {
		return new TestHttp(Integer.parseInt(context.getEnvironment().getProperty("local.management.port")),
				isReactive(context));
	}

	/** Reactor Netty: see {@link TestHttp} for why its requests each get a connection. */
	private static boolean isReactive(ConfigurableApplicationContext context) {
		return "reactive".equals(context.getEnvironment().getProperty("spring.main.web-application-type"));
	}

}
