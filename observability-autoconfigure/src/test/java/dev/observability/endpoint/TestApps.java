package dev.observability.endpoint;

import java.util.ArrayList;
import java.util.List;

import dev.observability.endpoint.testapp.EndpointTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the test application on Tomcat, on a random loopback port, in one of three set-ups of
 * the application's own security.
 */
final class TestApps {

	static final String USER = "prometheus";

	static final String PASSWORD = "s3cret-Scrape";

	/** Spring Boot's own security auto-configuration: off when the application has no security. */
	private static final String BOOT_SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	/** How the application secures itself. */
	enum Security {

		/** No Spring Security filter at all: what a user of the starter without Boot's security module has. */
		NONE,

		/** Spring Boot's default: everything but health behind its generated user. */
		BOOT_DEFAULT,

		/** The application's own chain with form login and its own users. */
		OWN_CHAIN

	}

	private TestApps() {
	}

	static ConfigurableApplicationContext start(Security security, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=health,info,prometheus,metrics",
				"spring.security.user.name=bootuser", "spring.security.user.password=bootpass",
				"observability.endpoint.auth.username=" + USER, "observability.endpoint.auth.password=" + PASSWORD));
		switch (security) {
			case NONE -> all.add("spring.autoconfigure.exclude=" + BOOT_SECURITY);
			case BOOT_DEFAULT -> {
			}
			case OWN_CHAIN -> all.add("testapp.own-security=true");
		}
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(EndpointTestApplication.class).properties(all.toArray(new String[0])).run();
	}

	static TestHttp http(ConfigurableApplicationContext context) {
		return new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	static TestHttp managementHttp(ConfigurableApplicationContext context) {
		return new TestHttp(Integer.parseInt(context.getEnvironment().getProperty("local.management.port")));
	}

}
