package dev.observability.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the PromQL out of a dashboard's JSON: panel targets, annotations, and the series
 * inside the {@code label_values(...)} of the template variables.
 */
final class DashboardQueries {

	private DashboardQueries() {
	}

	static Map<String, Object> parse(String json) {
		return cast(JsonMapper.builder().build().readValue(json, Map.class));
	}

	/** Every PromQL expression of the dashboard, variables not yet substituted. */
	static List<String> all(String json) {
		Map<String, Object> dashboard = parse(json);
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> panel : panels(dashboard)) {
			for (Map<String, Object> target : list(panel.get("targets"))) {
				expressions.add((String) target.get("expr"));
			}
		}
		for (Map<String, Object> annotation : list(cast(dashboard.get("annotations")).get("list"))) {
			expressions.add((String) annotation.get("expr"));
		}
		for (Map<String, Object> variable : variables(dashboard)) {
			if ("query".equals(variable.get("type"))) {
				String query = (String) cast(variable.get("query")).get("query");
				expressions.add(query.substring("label_values(".length(), query.lastIndexOf(',')));
			}
		}
		return expressions;
	}

	/**
	 * What Grafana does before it sends a query: variables replaced by a value they could
	 * have.
	 */
	static String substituteVariables(String expression) {
		return expression.replace("$__rate_interval", "5m")
			.replace("$namespace", ".*")
			.replace("$job", "shop")
			.replace("$instance", ".+");
	}

	static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
		List<Map<String, Object>> panels = new ArrayList<>();
		for (Map<String, Object> panel : list(dashboard.get("panels"))) {
			if (!"row".equals(panel.get("type"))) {
				panels.add(panel);
			}
		}
		return panels;
	}

	static List<Map<String, Object>> variables(Map<String, Object> dashboard) {
		return list(cast(dashboard.get("templating")).get("list"));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> cast(Object map) {
		return (Map<String, Object>) map;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object list) {
		return (List<Map<String, Object>>) list;
	}

}
