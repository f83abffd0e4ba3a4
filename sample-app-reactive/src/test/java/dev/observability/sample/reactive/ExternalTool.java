package dev.observability.sample.reactive;

import java.io.File;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an outside program a test needs (promtool, amtool, ...). Missing on CI is a failure;
 * missing on a developer machine skips the test with a message saying what to install.
 */
final class ExternalTool {

	private ExternalTool() {
	}

	static String require(String program, String debianPackage) {
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

}
