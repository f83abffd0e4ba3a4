package dev.observability.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever text goes into the generated YAML comes back unchanged when the file is read:
 * values a hand-written writer left unquoted or mis-indented (a URL ending in a colon, a
 * multi-line expression whose first line is indented or that ends with a line break)
 * included.
 */
class YamlTextTests {

	@Test
	void awkwardValuesRoundTrip() {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("runbook_url", "https://runbooks.example.com/slo:");
		model.put("anchor", "https://runbooks.example.com/slo#latency: p99");
		model.put("comment", "5xx answers # per route");
		model.put("alias", "*not-an-alias");
		model.put("flow", "{{ $labels.job }} [fails]");
		model.put("mapping_like", "key: value");
		model.put("reserved", List.of("yes", "no", "on", "off", "null", "~", "true", "1.0", "0x1F", ""));
		model.put("quotes", "it's \"quoted\"");
		model.put("spaces", " leading and trailing ");
		model.put("expr", "rate(x{job=\"a:b\"}[5m])\n  > 0.5 # not a comment\nand on (job)\n\n  y >= 1");
		model.put("indented_first_line", "  > 1\nand y");
		model.put("trailing_line_break", "up\n");
		model.put("nested", List.of(Map.of("runbook_url", "docs:"), List.of("- dash", "? question", "| pipe")));

		String yaml = YamlText.write(List.of("a header", ""), model);

		assertThat(yaml).startsWith("# a header\n#\n").endsWith("\n");
		assertThat(parse(yaml)).isEqualTo(model);
	}

	@Test
	void generatedRulesReadBackAsTheirModelWithAwkwardSettings() {
		AlertingProperties properties = new AlertingProperties();
		properties.setRunbookUrl("https://wiki.example.com/ops: runbooks #alerts:");
		AlertRules rules = new AlertRules(properties, "*checkout: eu #1");

		assertThat(parse(rules.toYaml())).isEqualTo(rules.model());
	}

	@Test
	void generatedRulesKeepMultiLineExpressionsAsLiteralBlocks() {
		String yaml = AlertingDefaults.rules().toYaml();

		assertThat(yaml).contains("    expr: |-\n      job_route:http_request_duration_seconds:p99_5m{job=\"shop\"}\n"
				+ "        > 1.8 * avg_over_time(");
		assertThat(parse(yaml)).isEqualTo(AlertingDefaults.rules().model());
	}

	@Test
	void alertmanagerConfigReadsBackAsItsModel() {
		assertThat(parse(AlertmanagerConfig.toYaml())).isEqualTo(AlertmanagerConfig.model());
	}

	private static Object parse(String yaml) {
		return new Yaml().load(yaml);
	}

}
