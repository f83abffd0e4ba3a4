package dev.observability.sample.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus project's reference parser (Debian's {@code python3-prometheus-client})
 * run over a scrape: {@code prometheus_client.openmetrics.parser} for OpenMetrics,
 * {@code prometheus_client.parser} for the classic text format. Missing on CI is a
 * failure; on a developer machine the test is skipped with a message saying what to
 * install.
 */
public final class ReferenceParser {

	/** Accept header of an OpenMetrics 1.0 scrape. */
	public static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

	/** Accept header of a scrape in the classic text format. */
	public static final String TEXT = "text/plain;version=0.0.4";

	/**
	 * Parses standard input completely with the chosen parser; any error ends with status
	 * 1.
	 */
	private static final String PARSE = """
			import sys
			from prometheus_client.openmetrics import parser as openmetrics
			from prometheus_client import parser as text
			data = sys.stdin.read()
			families = list((openmetrics if sys.argv[1] == 'openmetrics' else text).text_string_to_metric_families(data))
			exemplars = sum(1 for f in families for s in f.samples if getattr(s, 'exemplar', None))
			print(len(families), exemplars)
			""";

	private ReferenceParser() {
	}

	/**
	 * Parses a scrape and fails the test with the parser's message when it rejects it.
	 * @param contentType {@link #OPENMETRICS} or {@link #TEXT}
	 * @param scrape the scrape
	 * @return what was parsed
	 */
	public static Parsed parse(String contentType, String scrape) throws IOException, InterruptedException {
		String format = OPENMETRICS.equals(contentType) ? "openmetrics" : "text";
		Process process = new ProcessBuilder(python(), "-c", PARSE, format).redirectErrorStream(true).start();
		process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			Assertions.fail("the reference parser did not finish: " + output);
		}
		if (process.exitValue() != 0) {
			Assertions.fail("the reference parser (" + format + ") rejects the scrape: " + output);
		}
		String[] counts = output.split(" ");
		return new Parsed(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
	}

	/** Debian's python3 with its prometheus_client. */
	private static String python() throws IOException, InterruptedException {
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

	/**
	 * What the reference parser read.
	 *
	 * @param families metric families
	 * @param exemplars samples that carry an exemplar
	 */
	public record Parsed(int families, int exemplars) {
	}

}
