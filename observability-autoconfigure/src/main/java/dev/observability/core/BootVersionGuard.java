package dev.observability.core;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops an application that runs the starter on a Spring Boot version it does not
 * support, before any of its configuration is applied, with a message that says which
 * versions it supports. Supported: Spring Boot 4.0.x and 4.1.x.
 * <p>
 * A run listener rather than an environment post-processor: the interface of the latter
 * moved package in Boot 4, so on Boot 3 it would silently never run. Set
 * {@code observability.boot-version-check.enabled=false} to start anyway, at your own
 * risk.
 */
public class BootVersionGuard implements SpringApplicationRunListener {

	static final String ENABLED = "observability.boot-version-check.enabled";

	private final String version;

	/**
	 * Created by Spring Boot for every {@link SpringApplication} run.
	 * @param application the application
	 * @param args its arguments
	 */
	public BootVersionGuard(SpringApplication application, String[] args) {
		this(SpringBootVersion.getVersion());
	}

	BootVersionGuard(String version) {
		this.version = version;
	}

	/**
	 * Checks once the environment is ready and before any bean definition is loaded. Of
	 * the listener's methods, this one has the same signature in Boot 3 and Boot 4, so it
	 * runs on both.
	 */
	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		if (context.getEnvironment().getProperty(ENABLED, Boolean.class, Boolean.TRUE)) {
			check(this.version);
		}
	}

	/**
	 * Fails for a version outside 4.0.x and 4.1.x; an unknown version (no manifest)
	 * passes, as nothing is known against it.
	 * @param version the Spring Boot version, or {@code null}
	 */
	static void check(String version) {
		if (version == null || version.startsWith("4.0.") || version.startsWith("4.1.")) {
			return;
		}
		throw new IllegalStateException("observability-spring-boot-starter supports Spring Boot 4.0.x and 4.1.x, "
				+ "but this application runs Spring Boot " + version + ". Use a supported Spring Boot version "
				+ "(see the starter's README), or set " + ENABLED + "=false to start anyway at your own risk.");
	}

}
