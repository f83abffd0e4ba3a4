package dev.observability.sample.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs an outside program a test needs (promtool, amtool). Missing on CI is a
 * failure; missing on a developer machine skips the test with a message saying what to
 * install.
 */
public final class ExternalTool {

	private ExternalTool() {
	}

	/**
	 * Returns the path of a program on the {@code PATH}; fails the test when it is
	 * missing and {@code CI=true}, skips it otherwise.
	 * @param program the program's name
	 * @param debianPackage the package that installs it, for the message
	 * @return the program's absolute path
	 */
	public static String require(String program, String debianPackage) {
		Optional<String> found = find(program);
		if (found.isPresent()) {
			return found.get();
		}
		String message = program + " is not installed: apt-get install -y " + debianPackage;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		return Assumptions.abort(message);
	}

	/**
	 * Runs a program in a directory and waits for it (two minutes at most, then the test
	 * fails).
	 * @param directory the working directory
	 * @param command the program and its arguments
	 * @return the exit code and the merged standard output and error
	 */
	public static Result run(Path directory, String... command) throws IOException, InterruptedException {
		return run(directory, new byte[0], List.of(command));
	}

	/**
	 * What {@code promtool check metrics} finds in a scrape in the text format
	 * ({@code text/plain;version=0.0.4}, promtool does not read OpenMetrics); skips or
	 * fails the test as {@link #require} does when promtool is missing.
	 * @param scrape the scrape
	 * @return promtool's findings, empty when there are none; a non-zero exit without
	 * findings fails the test
	 */
	public static String promtoolFindings(String scrape) throws IOException, InterruptedException {
		String promtool = require("promtool", "prometheus");
		Result result = run(Path.of("."), scrape.getBytes(StandardCharsets.UTF_8),
				List.of(promtool, "check", "metrics"));
		if (result.output().isEmpty() && result.exitCode() != 0) {
			Assertions.fail("promtool check metrics exited with " + result.exitCode());
		}
		return result.output();
	}

	private static Result run(Path directory, byte[] input, List<String> command)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		process.getOutputStream().write(input);
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			Assertions.fail(String.join(" ", command) + " did not finish: " + output);
		}
		return new Result(process.exitValue(), output);
	}

	private static Optional<String> find(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			File candidate = new File(directory, program);
			if (candidate.isFile() && candidate.canExecute()) {
				return Optional.of(candidate.getAbsolutePath());
			}
		}
		return Optional.empty();
	}

	/**
	 * How a program ended.
	 *
	 * @param exitCode its exit code
	 * @param output its standard output and error, merged
	 */
	public record Result(int exitCode, String output) {
	}

}
