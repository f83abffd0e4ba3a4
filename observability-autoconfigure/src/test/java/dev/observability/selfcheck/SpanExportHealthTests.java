package dev.observability.selfcheck;

import java.time.Duration;
import java.util.List;

import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import dev.observability.doctor.PitfallDoctor;
import dev.observability.doctor.PitfallReportAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Span export health on Spring Boot's own span pipeline (its batch span processor and
 * {@code SpanExporters}) with OpenTelemetry's real Zipkin exporter, sending over HTTP to
 * a loopback collector that accepts, refuses or holds the spans, or to a port nobody
 * listens on.
 */
class SpanExportHealthTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
						SimpleMetricsExportAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
						OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
						SelfCheckAutoConfiguration.class, PitfallReportAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=20ms",
				"management.opentelemetry.tracing.export.timeout=10s", "observability.doctor.log-on-startup=false");

	private LoopbackZipkin zipkin;

	@BeforeEach
	void startCollector() throws Exception {
		this.zipkin = new LoopbackZipkin();
	}

	@AfterEach
	void stopCollector() {
		this.zipkin.close();
	}

	@Test
	void spansAcceptedByTheCollectorAreCountedAsExportedAndReportedOk() {
		this.runner.withBean(SpanExporter.class, () -> LoopbackZipkin.exporter(this.zipkin.endpoint()))
			.run((context) -> {
				spans(context, 5);
				await().atMost(WAIT).until(() -> exported(context, "success") == 5);
				assertThat(this.zipkin.acceptedSpans()).isEqualTo(5);
				assertThat(exported(context, "failure")).isZero();
				assertThat(dropped(context, "queue_full")).isZero();
				assertThat(dropped(context, "export_failed")).isZero();
				assertThat(queueSize(context)).isZero();
				Finding finding = finding(context);
				assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
				assertThat(finding.message()).contains("5 exported, 0 failed");
			});
	}

	@Test
	void spansSentToADeadEndpointAreCountedAsFailedAndDroppedAndTheReportFails() {
		this.runner.withBean(SpanExporter.class, () -> LoopbackZipkin.exporter(LoopbackZipkin.deadEndpoint()))
			.run((context) -> {
				spans(context, 3);
				await().atMost(WAIT).until(() -> exported(context, "failure") == 3);
				assertThat(dropped(context, "export_failed")).isEqualTo(3);
				assertThat(exported(context, "success")).isZero();
				Finding finding = finding(context);
				assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
				assertThat(finding.message()).contains("span export is failing").contains("3 failed at the exporter");
				assertThat(finding.fix()).contains("observability_spans_dropped_total");
			});
	}

	@Test
	void failuresStopRisingOnceTheCollectorAcceptsAgainAndTheReportTurnsToWarn() {
		this.zipkin.refuse(true);
		this.runner.withBean(SpanExporter.class, () -> LoopbackZipkin.exporter(this.zipkin.endpoint()))
			.run((context) -> {
				spans(context, 4);
				await().atMost(WAIT).until(() -> exported(context, "failure") == 4);
				assertThat(finding(context).severity()).isEqualTo(FindingSeverity.FAIL);
				this.zipkin.refuse(false);
				spans(context, 2);
				await().atMost(WAIT).until(() -> exported(context, "success") == 2);
				assertThat(exported(context, "failure")).isEqualTo(4);
				assertThat(dropped(context, "export_failed")).isEqualTo(4);
				Finding finding = finding(context);
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("exporting works again");
			});
	}

	@Test
	void spansBeyondAFullQueueAreCountedAsDroppedAndTheQueueSizeIsShown() {
		this.zipkin.hold();
		this.runner.withBean(SpanExporter.class, () -> LoopbackZipkin.exporter(this.zipkin.endpoint()))
			.withPropertyValues("management.opentelemetry.tracing.export.max-queue-size=8",
					"management.opentelemetry.tracing.export.max-batch-size=1")
			.run((context) -> {
				spans(context, 1);
				await().atMost(WAIT).until(() -> this.zipkin.requests() == 1);
				// The SDK's queue holds exactly max-queue-size when that is a power of
				// two.
				spans(context, 20);
				assertThat(dropped(context, "queue_full")).isEqualTo(12);
				assertThat(queueSize(context)).isEqualTo(8);
				this.zipkin.release();
				await().atMost(WAIT).until(() -> exported(context, "success") == 9);
				await().atMost(WAIT).until(() -> queueSize(context) == 0);
				Finding finding = finding(context);
				assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN);
				assertThat(finding.message()).contains("12 dropped from a full queue");
			});
	}

	@Test
	void withoutAnExporterNothingIsClaimedAboutExportHealth() {
		this.runner.run((context) -> {
			spans(context, 2);
			assertThat(context.getBean(SpanExporters.class).list()).isEmpty();
			assertThat(findings(context)).extracting(Finding::id).doesNotContain("tracing.export-health");
			assertThat(exported(context, "success")).isZero();
		});
	}

	@Test
	void theExporterBeansKeepTheirTypeAndOnlyBootsListIsDecorated() {
		SpanExporter exporter = LoopbackZipkin.exporter(this.zipkin.endpoint());
		this.runner.withBean("zipkinExporter", SpanExporter.class, () -> exporter).run((context) -> {
			assertThat(context.getBean("zipkinExporter")).isSameAs(exporter);
			assertThat(context.getBean(SpanExporters.class).list()).singleElement()
				.isInstanceOfSatisfying(CountingSpanExporter.class,
						(counting) -> assertThat(counting.delegate()).isSameAs(exporter));
		});
	}

	@Test
	void anApplicationMeterProviderIsKeptAndTheReportSaysQueueDropsAreNotObserved() {
		this.runner.withBean(SpanExporter.class, () -> LoopbackZipkin.exporter(this.zipkin.endpoint()))
			.withBean(MeterProvider.class, MeterProvider::noop)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SpanProcessorMeterBridge.class);
				spans(context, 1);
				await().atMost(WAIT).until(() -> exported(context, "success") == 1);
				assertThat(queueSize(context)).isNaN();
				assertThat(finding(context).message()).contains("drops from a full queue are not observed");
			});
	}

	@Test
	void backsOffWhenSwitchedOffOrWithoutTheOpenTelemetrySdk() {
		this.runner.withPropertyValues("observability.selfcheck.span-export.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExportHealth.class)
				.doesNotHaveBean(SpanProcessorMeterBridge.class)
				.doesNotHaveBean(SpanExportersPostProcessor.class));
		this.runner.withPropertyValues("observability.selfcheck.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExportHealth.class)
				.doesNotHaveBean(JavaAgents.class));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SelfCheckAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.opentelemetry"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpanExportHealth.class)
				.hasSingleBean(JavaAgents.class));
	}

	private static void spans(AssertableApplicationContext context, int count) {
		Tracer tracer = context.getBean(Tracer.class);
		for (int i = 0; i < count; i++) {
			tracer.spanBuilder("work-" + i).startSpan().end();
		}
	}

	private static double exported(AssertableApplicationContext context, String outcome) {
		return context.getBean(MeterRegistry.class)
			.get(SpanExportHealth.EXPORTED)
			.tag("outcome", outcome)
			.functionCounter()
			.count();
	}

	private static double dropped(AssertableApplicationContext context, String reason) {
		return context.getBean(MeterRegistry.class)
			.get(SpanExportHealth.DROPPED)
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

	private static double queueSize(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get(SpanExportHealth.QUEUE_SIZE).gauge().value();
	}

	private static List<Finding> findings(AssertableApplicationContext context) {
		return context.getBean(PitfallDoctor.class).report().findings();
	}

	private static Finding finding(AssertableApplicationContext context) {
		return findings(context).stream()
			.filter((finding) -> finding.id().equals("tracing.export-health"))
			.findFirst()
			.orElseThrow();
	}

}
