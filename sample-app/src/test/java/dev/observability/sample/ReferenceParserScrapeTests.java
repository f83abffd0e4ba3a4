package dev.observability.sample;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's scrape, in every content type the endpoint serves, is accepted by the Prometheus
 * project's reference parser (Debian's {@code python3-prometheus-client}): OpenMetrics 1.0 with
 * exemplars only where the specification allows them, and the classic text format.
 */
class ReferenceParserScrapeTests {

	private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

	private static final String TEXT = "text/plain;version=0.0.4";

	/** Parses standard input completely with the chosen parser; any error ends with status 1. */
	private static final String PARSE = """
			import sys
			from prometheus_client.openmetrics import parser as openmetrics
			from prometheus_client import parser as text
			data = sys.stdin.read()
			families = list((openmetrics if sys.argv[1] == 'openmetrics' else text).text_string_to_metric_families(data))
			exemplars = sum(1 for f in families for s in f.samples if getattr(s, 'exemplar', None))
			print(len(families), exemplars)
			""";

	@Test
	void openMetricsScrapeIsValidOpenMetricsAndKeepsBucketExemplars() throws Exception {
		String python = pythonWithPrometheusClient();
		try (RunningShop shop = RunningShop.start("management.tracing.sampling.probability=1.0")) {
			shop.driveEveryEndpoint();
			HttpResponse<String> scrape = shop.getWithScrapeAuth("/actuator/prometheus", OPENMETRICS);
			assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/openmetrics-text"));
			assertThat(scrape.body()).containsPattern("http_request_duration_seconds_bucket\\{[^}]*} \\d+ # \\{");
			assertThat(scrape.body()).doesNotContainPattern("_count\\{[^}]*} \\d+(\\.\\d+)? # \\{");
			String[] counts = parse(python, "openmetrics", scrape.body()).split(" ");
			assertThat(Integer.parseInt(counts[0])).as("metric families").isPositive();
			assertThat(Integer.parseInt(counts[1])).as("exemplars").isPositive();
		}
	}

	@Test
	void textScrapeParses() throws Exception {
		String python = pythonWithPrometheusClient();
		try (RunningShop shop = RunningShop.start("management.tracing.sampling.probability=1.0")) {
			shop.driveEveryEndpoint();
			HttpResponse<String> scrape = shop.getWithScrapeAuth("/actuator/prometheus", TEXT);
			assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/plain"));
			assertThat(Integer.parseInt(parse(python, "text", scrape.body()).split(" ")[0])).isPositive();
		}
	}

	private static String parse(String python, String format, String scrape) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(python, "-c", PARSE, format).redirectErrorStream(true).start();
		process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("reference parser (%s) said: %s", format, output).isZero();
		return output;
	}

	/** Debian's python3 with its prometheus_client; missing on CI is a failure, locally a skip. */
	private static String pythonWithPrometheusClient() throws IOException, InterruptedException {
		for (String candidate : List.of("/usr/bin/python3", "python3")) {
			if (candidate.startsWith("/") && !new File(candidate).canExecute()) {
				continue;
			}
			Process probe = new ProcessBuilder(candidate, "-c", "import prometheus_client").redirectErrorStream(true)
				.start();
			probe.getInputStream().readAllBytes();
			if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
				return candidate;
			}
		}
		String message = "the reference parser is not installed: apt-get install -y python3-prometheus-client";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		Assumptions.abort(message);
		return null;
	}

}
