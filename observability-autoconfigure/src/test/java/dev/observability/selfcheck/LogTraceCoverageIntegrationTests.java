package dev.observability.selfcheck;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import dev.observability.doctor.PitfallDoctor;
import dev.observability.selfcheck.testapp.SelfCheckTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log/trace coverage in a running application on Tomcat with tracing: lines of requests
 * and of tasks on the decorated executor carry a trace id (0 %), a raw thread started in
 * a request loses it and raises the share, and startup lines are not counted.
 */
class LogTraceCoverageIntegrationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@Test
	void linesOfRequestsAndDecoratedTasksCarryATraceIdAndTheShareIsZero() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			// The pitfall report's own probe of the actuator endpoints may already have
			// made
			// requests: those lines count, and carry trace ids; startup lines do not.
			Finding atStartup = coverageFinding(context);
			if (atStartup != null) {
				assertThat(atStartup.message()).as("startup lines are not counted").startsWith("0.0 % of ");
			}
			for (int i = 0; i < 5; i++) {
				assertThat(get(context, "/traced")).isEqualTo(200);
			}
			Finding finding = coverageFinding(context);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).startsWith("0.0 % of ");
			assertThat(events(context, "info", "present")).isGreaterThanOrEqualTo(10);
		}
	}

	@Test
	void aRawThreadInARequestLosesTheTraceIdAndRaisesTheShareNamingItsLoggerAndThread() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(get(context, "/traced")).isEqualTo(200);
			double absentBefore = events(context, "info", "absent");
			assertThat(get(context, "/lost")).isEqualTo(200);
			assertThat(get(context, "/lost")).isEqualTo(200);
			assertThat(events(context, "info", "absent") - absentBefore).isGreaterThanOrEqualTo(2);
			LogTraceCoverage coverage = context.getBean(LogTraceCoverage.class);
			assertThat(coverage.linesWithoutTrace()).isEqualTo(2);
			Finding finding = coverageFinding(context);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
			assertThat(finding.message()).doesNotStartWith("0.0 %")
				.contains("carry no trace id (2)")
				.contains("SelfCheckTestApplication$LostContextController (2)")
				.contains("Thread-* (2)");
			assertThat(finding.fix()).contains("new Thread");
		}
	}

	@Test
	void linesOfIdleBackgroundThreadsDoNotCount() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			Thread idle = new Thread(() -> LoggerFactory.getLogger("idle.background").info("nothing in progress"));
			idle.start();
			idle.join();
			assertThat(context.getBean(LogTraceCoverage.class).linesWithoutTrace()).isZero();
			assertThat(events(context, "info", "absent")).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void theAppenderIsDetachedWhenTheApplicationCloses() {
		TraceCoverageInstaller installer;
		try (ConfigurableApplicationContext context = start()) {
			installer = context.getBean(TraceCoverageInstaller.class);
			assertThat(installer.isInstalled()).isTrue();
		}
		assertThat(installer.isInstalled()).isFalse();
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SelfCheckTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=selfcheck",
					"management.tracing.sampling.probability=1.0", "observability.endpoint.auth.password=s3cret",
					"observability.doctor.log-on-startup=false")
			.run();
	}

	private static int get(ConfigurableApplicationContext context, String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
		return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static double events(ConfigurableApplicationContext context, String level, String trace) {
		return context.getBean(MeterRegistry.class)
			.get(LogTraceCoverage.EVENTS)
			.tag("level", level)
			.tag("trace", trace)
			.functionCounter()
			.count();
	}

	private static Finding coverageFinding(ConfigurableApplicationContext context) {
		return context.getBean(PitfallDoctor.class)
			.report()
			.findings()
			.stream()
			.filter((finding) -> finding.id().equals("logs.trace-coverage"))
			.findFirst()
			.orElse(null);
	}

}
