package dev.observability.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Alertmanager configuration that goes with the generated rules: routing by severity,
 * and the inhibitions that mute a service's latency and error alerts while its
 * {@code RecentDeploy} is active, and its warnings while the same alert is critical.
 */
final class AlertmanagerConfig {

	private AlertmanagerConfig() {
	}

	/**
	 * The configuration as YAML, the receivers left for the user to fill in.
	 * @return the YAML text
	 */
	public static String toYaml() {
		return YamlText.write(List.of("Alertmanager configuration for the rules of the observability starter.",
				"Add the integrations of each receiver (slack_configs, pagerduty_configs, webhook_configs, ...);",
				"a receiver without any delivers nothing. Check with: amtool check-config alertmanager.yml"), model());
	}

	static Map<String, Object> model() {
		Map<String, Object> route = new LinkedHashMap<>();
		route.put("receiver", "default");
		route.put("group_by", List.of("alertname", "job"));
		route.put("group_wait", "30s");
		route.put("group_interval", "5m");
		route.put("repeat_interval", "4h");
		route.put("routes", List.of(route("severity=\"critical\"", "pager"), route("severity=\"warning\"", "team-chat"),
				route("severity=\"info\"", "deploy-notices")));
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("route", route);
		config.put("receivers",
				List.of(receiver("default"), receiver("pager"), receiver("team-chat"), receiver("deploy-notices")));
		config.put("inhibit_rules", List.of(
				inhibit(List.of("alertname=\"" + AlertRules.RECENT_DEPLOY + "\""),
						List.of("alertname=~\"" + AlertRules.LATENCY_P99_SURGE + "|" + AlertRules.ERROR_RATIO_HIGH
								+ "\""),
						List.of("job")),
				inhibit(List.of("severity=\"critical\""), List.of("severity=\"warning\""),
						List.of("alertname", "job"))));
		return config;
	}

	private static Map<String, Object> route(String matcher, String receiver) {
		Map<String, Object> route = new LinkedHashMap<>();
		route.put("receiver", receiver);
		route.put("matchers", List.of(matcher));
		return route;
	}

	private static Map<String, Object> receiver(String name) {
		return Map.of("name", name);
	}

	private static Map<String, Object> inhibit(List<String> source, List<String> target, List<String> equal) {
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("source_matchers", source);
		rule.put("target_matchers", target);
		rule.put("equal", equal);
		return rule;
	}

}
