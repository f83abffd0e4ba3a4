package dev.observability.alerting;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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

	public static String require(String program, String debianPackage) {
		Optional<String> found = find(program);
		if (found.isPresent()) {
			return found.get();
		}
		String message = program + " is not installed: apt-get install -y " + debianPackage;
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		Assumptions.abort(message);
		return null;
	}

	/**
	 * Runs a program in a directory and waits for it.
	 * @return the exit code and the merged standard output and error
	 */
	public static Result run(Path directory, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(directory.toFile())
			.redirectErrorStream(true)
			.start();
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

	public record Result(int exitCode, String output) {
	}

}
