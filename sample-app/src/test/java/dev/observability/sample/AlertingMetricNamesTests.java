package dev.observability.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric name the shop's generated alert rules and Grafana dashboard reference
 * exists in a real scrape of the shop after traffic, unless it comes from a capability
 * the shop does not use (yet): those are listed, with the capability, in
 * {@link #PROVIDED_ELSEWHERE}.
 */
class AlertingMetricNamesTests {

	/**
	 * Names the shop's scrape does not have today, and what provides them when present.
	 */
	private static final Map<String, String> PROVIDED_ELSEWHERE = providedElsewhere();

	private static Map<String, String> providedElsewhere() {
		Map<String, String> names = new HashMap<>(Map.ofEntries(
				Map.entry("grpc_server_requests_total", "provided by the gRPC capability when present (a gRPC server)"),
				Map.entry("grpc_server_request_duration_seconds_bucket",
						"provided by the gRPC capability when present (a gRPC server)"),
				Map.entry("observability_cardinality_overflow_total",
						"provided by the naming capability's cardinality guard when present (after the first overflow)"),
				Map.entry("http_client_requests_total",
						"provided by the outbound HTTP capability once the service calls out"),
				Map.entry("http_client_request_duration_seconds_bucket",
						"provided by the outbound HTTP capability once the service calls out"),
				Map.entry("messaging_publish_total",
						"provided by the messaging capability when the service sends Kafka records"),
				Map.entry("messaging_process_total",
						"provided by the messaging capability when the service has Kafka listeners"),
				Map.entry("messaging_process_duration_seconds_bucket",
						"provided by the messaging capability when the service has Kafka listeners"),
				Map.entry("up", "added by Prometheus itself to every scrape target")));
		if (Runtime.version().feature() < 21) {
			String virtualThreads = "bound by Boot on Java 21+ (micrometer-java21): no virtual threads on this JVM";
			names.put("jvm_threads_virtual_pinned_seconds_sum", virtualThreads);
			names.put("jvm_threads_virtual_submit_failed_total", virtualThreads);
		}
		return names;
	}

	/**
	 * Names the test requires in the scrape whatever else changes: the heart of rules and
	 * dashboard.
	 */
	private static final Set<String> REQUIRED = Set.of("http_requests_total", "http_request_duration_seconds_bucket",
			"jvm_threads_live_threads", "target_info");

	private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

	@Test
	void everyMetricOfRulesAndDashboardIsInTheScrapeOrProvidedByAnotherCapability() {
		try (RunningShop shop = RunningShop.start()) {
			shop.driveEveryEndpoint();
			Set<String> scraped = scrapedNames(shop.scrape());
			String rules = get(shop, "/actuator/alertrules", "application/yaml");
			String dashboard = get(shop, "/actuator/grafanadashboard", "application/json");

			Set<String> referenced = new TreeSet<>();
			Set<String> recorded = new TreeSet<>();
			for (String expr : ruleExpressions(rules, recorded)) {
				referenced.addAll(metricNames(expr));
			}
			for (String expr : dashboardExpressions(dashboard)) {
				referenced.addAll(metricNames(expr));
			}
			assertThat(referenced).containsAll(REQUIRED);
			assertThat(scraped).containsAll(REQUIRED);
			List<String> missing = new ArrayList<>();
			for (String name : referenced) {
				if (name.contains(":")) {
					assertThat(recorded).as("recording rule %s is defined", name).contains(name);
				}
				else if (!scraped.contains(name) && !PROVIDED_ELSEWHERE.containsKey(name)) {
					missing.add(name);
				}
			}
			assertThat(missing).as("metric names referenced by rules or dashboard but not in the scrape").isEmpty();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> ruleExpressions(String yaml, Set<String> recorded) {
		List<String> expressions = new ArrayList<>();
		Map<String, Object> file = new Yaml().load(yaml);
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add((String) rule.get("expr"));
				if (rule.containsKey("record")) {
					recorded.add((String) rule.get("record"));
				}
			}
		}
		assertThat(expressions).hasSizeGreaterThan(20);
		return expressions;
	}

	@SuppressWarnings("unchecked")
	private static List<String> dashboardExpressions(String json) {
		List<String> expressions = new ArrayList<>();
		Map<String, Object> dashboard = JsonMapper.builder().build().readValue(json, Map.class);
		for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
			for (Map<String, Object> target : (List<Map<String, Object>>) panel.getOrDefault("targets", List.of())) {
				expressions.add((String) target.get("expr"));
			}
		}
		for (Map<String, Object> annotation : (List<Map<String, Object>>) ((Map<String, Object>) dashboard
			.get("annotations")).get("list")) {
			expressions.add((String) annotation.get("expr"));
		}
		for (Map<String, Object> variable : (List<Map<String, Object>>) ((Map<String, Object>) dashboard
			.get("templating")).get("list")) {
			if (variable.get("definition") instanceof String definition) {
				expressions.add(definition);
			}
		}
		assertThat(expressions).hasSizeGreaterThan(20);
		return expressions;
	}

	private static Set<String> metricNames(String expr) {
		Set<String> names = new TreeSet<>();
		Matcher metric = METRIC.matcher(expr);
		while (metric.find()) {
			names.add(metric.group(1));
		}
		return names;
	}

	private static Set<String> scrapedNames(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		}
		return names;
	}

	private static String get(RunningShop shop, String path, String accept) {
		HttpResponse<String> response = shop.getWithScrapeAuth(path, accept);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
