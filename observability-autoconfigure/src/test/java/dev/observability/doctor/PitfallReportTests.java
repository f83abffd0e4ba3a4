package dev.observability.doctor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The report itself: collected checks, its text and JSON forms, the endpoint, the
 * assertions and the back-off.
 */
class PitfallReportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PitfallReportAutoConfiguration.class));

	private static final PitfallCheck OPEN_CHECK = () -> List.of(
			Finding.warn("custom.open", Pitfall.WRONG_LAYER, "something is open", "close it"),
			Finding.ok("custom.closed", Pitfall.WRONG_LAYER, "something is closed"));

	@Test
	void applicationChecksJoinTheReport() {
		this.runner.withBean("customCheck", PitfallCheck.class, () -> OPEN_CHECK).run((context) -> {
			PitfallReport report = context.getBean(PitfallDoctor.class).report();
			assertThat(report.finding("custom.open"))
				.hasValueSatisfying((finding) -> assertThat(finding.severity()).isEqualTo(FindingSeverity.WARN));
			assertThat(report.openIds()).contains("custom.open").doesNotContain("custom.closed");
		});
	}

	@Test
	void aCheckThatThrowsBecomesAFindingAndTheOthersStay() {
		PitfallCheck broken = () -> {
			throw new IllegalStateException("boom");
		};
		PitfallReport report = new PitfallDoctor(() -> List.of(broken, OPEN_CHECK)).report();
		assertThat(report.finding("doctor.check-failed"))
			.hasValueSatisfying((finding) -> assertThat(finding.message()).contains("boom"));
		assertThat(report.finding("custom.open")).isPresent();
	}

	@Test
	void textListsOpenFindingsFirstWithTheirFix() {
		PitfallReport report = new PitfallDoctor(() -> List.of(OPEN_CHECK)).report();
		assertThat(report.summary()).isEqualTo("Pitfall report: 1 open (0 fail, 1 warn, 1 ok): custom.open");
		assertThat(report.toText()).isEqualTo("""
				Pitfall report: 1 open (0 fail, 1 warn, 1 ok): custom.open
				  warn custom.open                      [5] something is open
				       fix: close it
				  ok   custom.closed                    [5] something is closed
				""");
	}

	@Test
	@SuppressWarnings("unchecked")
	void endpointShowsEveryFindingAsJsonReadyMap() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PitfallReportAutoConfiguration.class,
					EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=observability")
			.withBean("customCheck", PitfallCheck.class, () -> OPEN_CHECK)
			.run((context) -> {
				Map<String, Object> body = context.getBean(PitfallReportEndpoint.class).report();
				assertThat(body).containsKeys("summary", "open", "counts", "findings");
				assertThat((List<String>) body.get("open")).contains("custom.open");
				assertThat((List<Map<String, String>>) body.get("findings")).contains(Map.of("id", "custom.open",
						"pitfall", "5", "pitfallTitle", "Instrumentation in the wrong layer", "severity", "warn",
						"message", "something is open", "fix", "close it"));
			});
	}

	@Test
	void endpointNeedsExposure() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PitfallReportAutoConfiguration.class,
					EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(PitfallDoctor.class)
				.doesNotHaveBean(PitfallReportEndpoint.class));
	}

	@Test
	void assertionsPassWhenOnlyAllowedFindingsAreOpen() {
		this.runner.withBean("customCheck", PitfallCheck.class, () -> OPEN_CHECK).run((context) -> {
			List<String> open = context.getBean(PitfallDoctor.class).report().openIds();
			PitfallAssertions.assertNoOpenPitfalls(context, open.toArray(String[]::new));
		});
	}

	@Test
	void assertionsFailWithTheReadableReport() {
		this.runner.withBean("customCheck", PitfallCheck.class, () -> OPEN_CHECK)
			.run((context) -> assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> PitfallAssertions.assertNoOpenPitfalls(context, "tracing.sampling"))
				.withMessageContaining("not allowed: ")
				.withMessageContaining("custom.open")
				.withMessageContaining("(allowed: tracing.sampling)")
				.withMessageContaining("  warn custom.open")
				.withMessageContaining("fix: close it"));
	}

	@Test
	void assertionsFailWithoutTheReport() {
		this.runner.withPropertyValues("observability.doctor.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(PitfallDoctor.class).doesNotHaveBean(PitfallCheck.class);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> PitfallAssertions.assertNoOpenPitfalls(context))
				.withMessageContaining("observability.doctor.enabled");
		});
	}

	@Test
	void startupLineCanBeSwitchedOff() {
		this.runner.withPropertyValues("observability.doctor.log-on-startup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StartupReportLogger.class)
				.hasSingleBean(PitfallDoctor.class));
	}

	@Test
	void userDoctorWins() {
		this.runner.withBean("myDoctor", PitfallDoctor.class, () -> new PitfallDoctor(List::of))
			.run((context) -> assertThat(context).hasSingleBean(PitfallDoctor.class).hasBean("myDoctor"));
	}

}
