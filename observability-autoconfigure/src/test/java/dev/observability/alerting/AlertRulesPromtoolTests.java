package dev.observability.alerting;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observability.sample.support.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated rules pass the real {@code promtool check rules}, and every alert behaves
 * as the unit tests in src/test/resources/alerting say under {@code promtool test rules}:
 * it fires on a synthetic series that should trigger it and stays silent on one that
 * should not.
 */
class AlertRulesPromtoolTests {

	private static final Path UNIT_TESTS = Path.of("src", "test", "resources", "alerting");

	@TempDir
	Path directory;

	@Test
	void generatedRulesPassPromtoolCheck() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		Path rules = write("rules.yml", AlertingDefaults.rules().toYaml());
		ExternalTool.Result result = ExternalTool.run(this.directory, promtool, "check", "rules", rules.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 39 rules found");
	}

	@Test
	void rulesWithChangedThresholdsAndWindowsPassPromtoolCheck() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		AlertingProperties properties = new AlertingProperties();
		properties.getLatency().setSurgeRatio(2.5);
		properties.getLatency().setBaseline(Duration.ofMinutes(90));
		properties.getLatency().setBaselineOffset(Duration.ofSeconds(1230));
		properties.getLatency().setForDuration(Duration.ZERO);
		properties.getErrors().setRatioThreshold(0.125);
		properties.getErrors().setGrpcServerErrorCodes(List.of("INTERNAL"));
		properties.getThreads().setLimit(250);
		properties.getThreads().setHorizon(Duration.ofHours(2));
		properties.getVirtualThreads().setPinnedThreshold(0.25);
		properties.getVirtualThreads().setWindow(Duration.ofMinutes(3));
		properties.getDeploy().setWindow(Duration.ofHours(1));
		properties.setMinRequestRate(0);
		String yaml = new AlertRules(properties, "checkout \"eu\"").toYaml();
		assertThat(yaml).contains("> 2.5 * avg_over_time(")
			.contains("[1h30m] offset 20m30s")
			.contains("> 0.125")
			.contains("7200) > 250")
			.contains("[5m])) > 0.25")
			.contains("[3m])) > 0")
			.contains("offset 1h)");
		Path rules = write("rules.yml", yaml);
		ExternalTool.Result result = ExternalTool.run(this.directory, promtool, "check", "rules", rules.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void everyAlertFiresOnItsTriggerAndStaysSilentOtherwise() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		write("rules.yml", AlertingDefaults.rules().toYaml());
		List<String> command = new ArrayList<>(List.of(promtool, "test", "rules"));
		try (DirectoryStream<Path> tests = Files.newDirectoryStream(UNIT_TESTS, "*.test.yml")) {
			for (Path test : tests) {
				Files.copy(test, this.directory.resolve(test.getFileName()));
				command.add(test.getFileName().toString());
			}
		}
		assertThat(command).hasSize(3 + 9);
		ExternalTool.Result result = ExternalTool.run(this.directory, command.toArray(new String[0]));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("FAILED");
	}

	@Test
	void unitTestsCoverEveryAlert() throws IOException {
		StringBuilder all = new StringBuilder();
		try (DirectoryStream<Path> tests = Files.newDirectoryStream(UNIT_TESTS, "*.test.yml")) {
			for (Path test : tests) {
				all.append(Files.readString(test));
			}
		}
		for (String alert : List.of(AlertRules.LATENCY_P99_SURGE, AlertRules.ERROR_RATIO_HIGH,
				AlertRules.PANIC_DETECTED, AlertRules.THREAD_LEAK_SUSPECTED, AlertRules.VIRTUAL_THREADS_PINNED,
				AlertRules.VIRTUAL_THREAD_SUBMIT_FAILED, AlertRules.CARDINALITY_OVERFLOW,
				AlertRules.SCRAPE_AUTH_FAILURES, AlertRules.BUSINESS_EVENTS_DROPPED, AlertRules.SPAN_EXPORT_FAILING,
				AlertRules.RECENT_DEPLOY)) {
			assertThat(all).as(alert)
				.contains("alertname: " + alert + "\n        exp_alerts:\n          - exp_labels:");
			assertThat(all).as(alert).contains("alertname: " + alert + "\n        exp_alerts: []");
		}
	}

	@Test
	void everyDashboardExpressionParses() throws Exception {
		String promtool = ExternalTool.require("promtool", "prometheus");
		List<String> expressions = DashboardQueries.all(AlertingDefaults.dashboard().toJson());
		assertThat(expressions).hasSizeGreaterThan(20);
		List<Map<String, Object>> rules = new ArrayList<>();
		for (int i = 0; i < expressions.size(); i++) {
			Map<String, Object> rule = new LinkedHashMap<>();
			rule.put("record", "dashboard_expression_" + i);
			rule.put("expr", DashboardQueries.substituteVariables(expressions.get(i)));
			rules.add(rule);
		}
		Map<String, Object> group = new LinkedHashMap<>();
		group.put("name", "dashboard");
		group.put("rules", rules);
		Path file = write("dashboard-rules.yml", YamlText.write(List.of(), Map.of("groups", List.of(group))));
		ExternalTool.Result result = ExternalTool.run(this.directory, promtool, "check", "rules", file.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + expressions.size() + " rules found");
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

}
