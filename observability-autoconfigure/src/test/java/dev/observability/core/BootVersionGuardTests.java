package dev.observability.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class BootVersionGuardTests {

	@ParameterizedTest
	@ValueSource(strings = { "3.5.7", "4.2.0", "5.0.0", "4.10.1" })
	void unsupportedBootVersionStopsStartupNamingTheSupportedOnes(String version) {
		assertThatIllegalStateException().isThrownBy(() -> BootVersionGuard.check(version))
			.withMessageContaining("supports Spring Boot 4.0.x and 4.1.x")
			.withMessageContaining("runs Spring Boot " + version)
			.withMessageContaining("observability.boot-version-check.enabled=false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "4.0.0", "4.0.7", "4.1.2" })
	void supportedBootVersionStarts(String version) {
		assertThatNoException().isThrownBy(() -> BootVersionGuard.check(version));
	}

	@Test
	void theBootVersionOnTheClasspathIsSupported() {
		assertThatNoException().isThrownBy(() -> BootVersionGuard.check(SpringBootVersion.getVersion()));
	}

	@Test
	void applicationOnAnUnsupportedBootVersionFailsBeforeItsContextIsCreated() {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatIllegalStateException()
			.isThrownBy(
					() -> SpringApplication.withHook((app) -> new BootVersionGuard("3.5.7"), () -> application.run()))
			.withMessageContaining("runs Spring Boot 3.5.7");
	}

	@Test
	void checkCanBeSwitchedOffByProperty() {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = SpringApplication.withHook((app) -> new BootVersionGuard("4.2.0"),
				() -> application.run("--observability.boot-version-check.enabled=false"))) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
