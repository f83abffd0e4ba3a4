package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;

import dev.observability.doctor.testapp.DoctorTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code endpoint.scrape-auth} on real servers: the check asks the scrape endpoints
 * anonymously and fails when one answers, on WebFlux (Reactor Netty) and on Tomcat, on
 * the application's port and on a separate management port.
 */
class ScrapeEndpointProbeIntegrationTests {

	private static final String TOMCAT_REACTIVE = "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

	private static final String BOOT_SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

	@Test
	void aReactiveApplicationWithOpenScrapeEndpointsFails() {
		try (ConfigurableApplicationContext context = reactive("observability.endpoint.auth.enabled=false")) {
			Finding finding = finding(context);
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.FAIL);
			assertThat(finding.message()).contains("answer without credentials")
				.contains("prometheus (/actuator/prometheus answered 200)")
				.contains("observability (/actuator/observability answered 200)");
			assertThat(finding.fix()).contains("remove observability.endpoint.auth.enabled=false");
		}
	}

	@Test
	void aReactiveApplicationWithProtectedScrapeEndpointsIsOk() {
		try (ConfigurableApplicationContext context = reactive()) {
			Finding finding = finding(context);
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).contains("need the configured scrape credentials");
		}
	}

	@Test
	void aReactiveApplicationWithoutTheStartersProtectionAndWithoutSecurityFails() {
		try (ConfigurableApplicationContext context = reactive("observability.endpoint.enabled=false",
				"spring.autoconfigure.exclude=" + TOMCAT_REACTIVE + "," + BOOT_SECURITY)) {
			Finding finding = finding(context);
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.FAIL);
			assertThat(finding.message()).contains("prometheus (/actuator/prometheus answered 200)");
			assertThat(finding.fix()).contains("remove observability.endpoint.enabled=false");
		}
	}

	@Test
	void openScrapeEndpointsOnAReactiveManagementPortFail() {
		try (ConfigurableApplicationContext context = reactive("observability.endpoint.auth.enabled=false",
				"management.server.port=0", "management.server.address=127.0.0.1",
				"management.server.base-path=/manage")) {
			Finding finding = finding(context);
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.FAIL);
			assertThat(finding.message())
				.contains("port " + context.getEnvironment().getProperty("local.management.port"))
				.contains("prometheus (/actuator/prometheus answered 200)");
		}
	}

	@Test
	void protectedScrapeEndpointsOnAReactiveManagementPortAreOk() {
		try (ConfigurableApplicationContext context = reactive("management.server.port=0",
				"management.server.address=127.0.0.1")) {
			assertThat(finding(context).severity()).isEqualTo(FindingSeverity.OK);
		}
	}

	@Test
	void aServletApplicationWithOpenScrapeEndpointsFails() {
		try (ConfigurableApplicationContext context = start(List.of("observability.endpoint.auth.enabled=false"))) {
			Finding finding = finding(context);
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.FAIL);
			assertThat(finding.message()).contains("prometheus (/actuator/prometheus answered 200)");
		}
	}

	private static Finding finding(ConfigurableApplicationContext context) {
		return PitfallAssertions.reportOf(context).finding(ScrapeEndpointCheck.ID).orElseThrow();
	}

	private static ConfigurableApplicationContext reactive(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=reactive",
				"spring.autoconfigure.exclude=" + TOMCAT_REACTIVE));
		all.addAll(List.of(properties));
		return start(all);
	}

	private static ConfigurableApplicationContext start(List<String> properties) {
		return new SpringApplicationBuilder(DoctorTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"management.endpoints.web.exposure.include=health,prometheus,observability",
					"observability.endpoint.auth.password=s3cret")
			.properties(properties.toArray(new String[0]))
			.run();
	}

}
