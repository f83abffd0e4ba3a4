package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;

import dev.observability.endpoint.reactiveapp.ReactiveEndpointTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the WebFlux test application on Reactor Netty, on a random loopback port, in one of four
 * set-ups of the application's own security.
 */
final class ReactiveTestApps {

	/**
	 * Tomcat's reactive server: on the test class path for the servlet tests, but a WebFlux service
	 * runs on Reactor Netty (both would define the management server's context factory).
	 */
	private static final String TOMCAT = "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

	/** Spring Boot's own security auto-configuration: off when the application has no security. */
	private static final String BOOT_SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

	/** How the application secures itself. */
	enum Security {

		/** No Spring Security web filter at all. */
		NONE,

		/** Spring Boot's default: everything but health behind its user. */
		BOOT_DEFAULT,

		/** The application's own chain, letting every exchange through. */
		PERMIT_ALL,

		/** The application's own chain: /api/** and /private/** behind basic auth for its own user. */
		OWN_CHAIN

	}

	private ReactiveTestApps() {
	}

	static ConfigurableApplicationContext start(Security security, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=reactive", "server.port=0",
				"server.address=127.0.0.1", "spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=health,info,prometheus,metrics",
				"spring.security.user.name=bootuser", "spring.security.user.password=bootpass",
				"observability.endpoint.auth.username=" + TestApps.USER,
				"observability.endpoint.auth.password=" + TestApps.PASSWORD));
		switch (security) {
			case NONE -> all.add("spring.autoconfigure.exclude=" + TOMCAT + "," + BOOT_SECURITY);
			case BOOT_DEFAULT -> all.add("spring.autoconfigure.exclude=" + TOMCAT);
			case PERMIT_ALL -> all.addAll(List.of("spring.autoconfigure.exclude=" + TOMCAT, "testapp.security=permit-all"));
			case OWN_CHAIN -> all.addAll(List.of("spring.autoconfigure.exclude=" + TOMCAT, "testapp.security=own"));
		}
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(ReactiveEndpointTestApplication.class).properties(all.toArray(new String[0]))
			.run();
	}

}
