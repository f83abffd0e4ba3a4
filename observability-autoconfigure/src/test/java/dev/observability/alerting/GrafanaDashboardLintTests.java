package dev.observability.alerting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated dashboard follows the rules of grafana/dashboard-linter, checked here on
 * its JSON: a templated data source used by every panel and query, multi-select job and
 * instance variables used by every query, {@code $__rate_interval} in every rate,
 * counters only inside rate/increase, and a title, a description and a valid unit on
 * every panel.
 */
class GrafanaDashboardLintTests {

	/** Units of panel-units-rule, the ones this dashboard may use. */
	private static final Set<String> VALID_UNITS = Set.of("none", "short", "percent", "percentunit", "s", "ms", "reqps",
			"ops", "cps", "rps", "bytes", "decbytes");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\{([^{}]*)\\}");

	private static final Pattern RANGE_FUNCTION = Pattern
		.compile("\\b(rate|irate|increase)\\(([a-zA-Z_:][a-zA-Z0-9_:]*)?\\{[^{}]*\\}\\[([^\\]]+)\\]");

	private static final Pattern COUNTER = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(_total|_bucket|_count|_sum))\\{");

	private final Map<String, Object> dashboard = DashboardQueries.parse(AlertingDefaults.dashboard().toJson());

	@Test
	void hasTitleUidDescriptionAndCurrentSchemaVersion() {
		assertThat(this.dashboard.get("title")).isEqualTo("shop service overview");
		assertThat(this.dashboard.get("uid")).isEqualTo("observability-shop");
		assertThat((String) this.dashboard.get("description")).isNotBlank();
		assertThat(this.dashboard.get("schemaVersion")).isEqualTo(GrafanaDashboard.SCHEMA_VERSION);
		assertThat(this.dashboard.get("editable")).isEqualTo(false);
	}

	@Test
	void hasATemplatedPrometheusDataSource() {
		Map<String, Object> datasource = variable("datasource");
		assertThat(datasource).containsEntry("type", "datasource")
			.containsEntry("query", "prometheus")
			.containsEntry("label", "Data source");
	}

	@Test
	void jobInstanceAndNamespaceAreMultiSelectQueriesOnTheDataSource() {
		for (String name : List.of("namespace", "job", "instance")) {
			Map<String, Object> variable = variable(name);
			assertThat(variable).as(name)
				.containsEntry("type", "query")
				.containsEntry("multi", true)
				.containsEntry("includeAll", true)
				.containsEntry("refresh", 2)
				.containsEntry("label", Character.toUpperCase(name.charAt(0)) + name.substring(1));
			assertThat(DashboardQueries.cast(variable.get("datasource"))).containsEntry("uid", "${datasource}");
		}
		assertThat(variable("job")).containsEntry("allValue", ".+");
		assertThat(variable("instance")).containsEntry("allValue", ".+");
		// Series without a namespace label (no Kubernetes) must still match "All".
		assertThat(variable("namespace")).containsEntry("allValue", ".*");
		assertThat(DashboardQueries.cast(variable("job").get("current"))).containsEntry("value", "shop");
	}

	@Test
	void everyPanelUsesTheTemplatedDataSourceAndHasTitleDescriptionAndValidUnit() {
		List<Map<String, Object>> panels = DashboardQueries.panels(this.dashboard);
		assertThat(panels).hasSizeGreaterThanOrEqualTo(15);
		for (Map<String, Object> panel : panels) {
			String title = (String) panel.get("title");
			assertThat(title).isNotBlank();
			assertThat((String) panel.get("description")).as(title).isNotBlank();
			assertThat(DashboardQueries.cast(panel.get("datasource"))).as(title).containsEntry("uid", "${datasource}");
			Map<String, Object> defaults = DashboardQueries
				.cast(DashboardQueries.cast(panel.get("fieldConfig")).get("defaults"));
			assertThat(VALID_UNITS).as(title).contains((String) defaults.get("unit"));
			List<Map<String, Object>> targets = DashboardQueries.list(panel.get("targets"));
			assertThat(targets).as(title).isNotEmpty();
			for (Map<String, Object> target : targets) {
				assertThat(DashboardQueries.cast(target.get("datasource"))).as(title)
					.containsEntry("uid", "${datasource}");
			}
		}
	}

	@Test
	void everyQueryMatchesJobAndInstanceInEverySelector() {
		for (String expr : panelExpressions()) {
			Matcher selector = SELECTOR.matcher(expr);
			int selectors = 0;
			while (selector.find()) {
				selectors++;
				assertThat(selector.group(2)).as(expr).contains("job=~\"$job\"").contains("instance=~\"$instance\"");
			}
			assertThat(selectors).as(expr).isPositive();
		}
	}

	@Test
	void everyRateUsesTheRateInterval() {
		int rates = 0;
		for (String expr : panelExpressions()) {
			Matcher range = RANGE_FUNCTION.matcher(expr);
			while (range.find()) {
				rates++;
				assertThat(range.group(3)).as(expr).isEqualTo("$__rate_interval");
			}
		}
		assertThat(rates).isGreaterThan(10);
	}

	@Test
	void countersAreAlwaysInsideRateOrIncrease() {
		for (String expr : panelExpressions()) {
			Matcher counter = COUNTER.matcher(expr);
			while (counter.find()) {
				String before = expr.substring(0, counter.start());
				assertThat(before).as("%s in %s", counter.group(1), expr)
					.containsPattern("\\b(rate|irate|increase)\\($");
				int close = expr.indexOf('}', counter.end());
				assertThat(expr.substring(close + 1)).as("%s in %s", counter.group(1), expr).startsWith("[");
			}
		}
	}

	@Test
	void hasARowPerConcern() {
		List<String> rows = new ArrayList<>();
		for (Map<String, Object> panel : DashboardQueries.list(this.dashboard.get("panels"))) {
			if ("row".equals(panel.get("type"))) {
				rows.add((String) panel.get("title"));
			}
		}
		assertThat(rows).containsExactly("HTTP", "gRPC", "Outbound HTTP", "Messaging", "Errors", "JVM threads",
				"Executors", "Business events", "Starter self-checks");
	}

	@Test
	void panelIdsAreUniqueAndPanelsDoNotOverlap() {
		Set<Object> ids = new HashSet<>();
		Set<String> cells = new HashSet<>();
		for (Map<String, Object> panel : DashboardQueries.list(this.dashboard.get("panels"))) {
			assertThat(ids.add(panel.get("id"))).as("id %s", panel.get("id")).isTrue();
			Map<String, Object> grid = DashboardQueries.cast(panel.get("gridPos"));
			int x = (Integer) grid.get("x");
			int y = (Integer) grid.get("y");
			int w = (Integer) grid.get("w");
			int h = (Integer) grid.get("h");
			assertThat(x + w).isLessThanOrEqualTo(24);
			for (int i = x; i < x + w; i++) {
				for (int j = y; j < y + h; j++) {
					assertThat(cells.add(i + "," + j)).as("%s overlaps at %d,%d", panel.get("title"), i, j).isTrue();
				}
			}
		}
	}

	@Test
	void threadPanelShowsTheLeakPredictionAndTheLimit() {
		Map<String, Object> threads = panel("Live threads and leak prediction");
		assertThat(threads.toString()).contains("predict_linear(jvm_threads_live_threads{")
			.contains("[30m], 3600)")
			.contains("value=1000");
	}

	@Test
	void deployAnnotationsComeFromTargetInfoChanges() {
		List<Map<String, Object>> annotations = DashboardQueries
			.list(DashboardQueries.cast(this.dashboard.get("annotations")).get("list"));
		assertThat(annotations).hasSize(1);
		Map<String, Object> deploys = annotations.get(0);
		assertThat(DashboardQueries.cast(deploys.get("datasource"))).containsEntry("uid", "${datasource}");
		assertThat((String) deploys.get("expr")).contains("target_info{job=~\"$job\"").contains("unless");
	}

	@Test
	void businessEventsUseTheNamingNamespaceOrAnyNamespace() {
		assertThat(panel("Business events by event").toString()).contains("rate(shop_business_events_total{");
		String anyNamespace = new GrafanaDashboard(new AlertingProperties(), "shop", null).toJson();
		assertThat(anyNamespace).contains("rate({__name__=~\\\".+_business_events_total\\\",job=~\\\"$job\\\"");
	}

	private List<String> panelExpressions() {
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> panel : DashboardQueries.panels(this.dashboard)) {
			for (Map<String, Object> target : DashboardQueries.list(panel.get("targets"))) {
				expressions.add((String) target.get("expr"));
			}
		}
		return expressions;
	}

	private Map<String, Object> panel(String title) {
		for (Map<String, Object> panel : DashboardQueries.panels(this.dashboard)) {
			if (title.equals(panel.get("title"))) {
				return panel;
			}
		}
		throw new AssertionError("no panel " + title);
	}

	private Map<String, Object> variable(String name) {
		for (Map<String, Object> variable : DashboardQueries.variables(this.dashboard)) {
			if (name.equals(variable.get("name"))) {
				return variable;
			}
		}
		throw new AssertionError("no variable " + name);
	}

}
