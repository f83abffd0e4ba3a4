package dev.observability.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.observability.doctor.PitfallAssertions;
import dev.observability.doctor.PitfallReport;
import dev.observability.resource.EnvironmentVariables;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's pitfall report. As shipped, only what a local demo cannot avoid is open;
 * started as it would be deployed (a pod, a scrape password, a trace backend), nothing
 * is.
 */
class PitfallReportTests {

	/**
	 * What the demo cannot avoid on a laptop: it runs outside Kubernetes, has no trace
	 * backend to export to, and ships no password (the starter generates one at startup
	 * and logs it).
	 */
	static final List<String> LOCAL_DEMO_FINDINGS = List.of("resource.kubernetes", "tracing.export",
			"endpoint.scrape-auth");

	@Test
	void shopAsShippedHasNoOpenPitfallsButTheLocalDemosOwn() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1")
			.run()) {
			PitfallReport report = PitfallAssertions.reportOf(context);
			System.out.println(report.toText());
			PitfallAssertions.assertNoOpenPitfalls(context, allowed().toArray(String[]::new));
			assertThat(report.finding("tracing.sampling"))
				.hasValueSatisfying((finding) -> assertThat(finding.isOpen()).isFalse());
		}
	}

	@Test
	void shopDeployedAsAPodWithPasswordAndTraceBackendHasNoOpenPitfalls() {
		// RunningShop sets a scrape password, as a deployment would from a Secret.
		try (RunningShop shop = RunningShop.start((applicationContext) -> {
			applicationContext.getBeanFactory()
				.registerSingleton("podEnvironment",
						EnvironmentVariables.of(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAME",
								"shop-7d9f8b6c5-x2x9q", "POD_NAMESPACE", "retail", "GIT_COMMIT",
								"4b825dc642cb6eb9a060e54bf8d69288fbee4904")));
			applicationContext.getBeanFactory().registerSingleton("traceBackend", InMemorySpanExporter.create());
		})) {
			PitfallAssertions.assertNoOpenPitfalls(shop.context());
		}
	}

	/**
	 * The commit comes from git.properties, which a build outside a git checkout does not
	 * have.
	 */
	private static List<String> allowed() {
		List<String> allowed = new ArrayList<>(LOCAL_DEMO_FINDINGS);
		if (!new ClassPathResource("git.properties").exists()) {
			allowed.add("resource.commit");
		}
		return allowed;
	}

}
