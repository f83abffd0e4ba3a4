package dev.observability.alerting;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generated defaults checked into docs/: rules and dashboard for the sample shop
 * service (job and naming namespace "shop") with every threshold at its default.
 */
final class AlertingDefaults {

	static final String JOB = "shop";

	static final String NAMESPACE = "shop";

	private AlertingDefaults() {
	}

	static AlertRules rules() {
		return new AlertRules(new AlertingProperties(), JOB);
	}

	static GrafanaDashboard dashboard() {
		return new GrafanaDashboard(new AlertingProperties(), JOB, NAMESPACE);
	}

	/**
	 * The repository's docs directory, seen from the module directory Maven runs the
	 * tests in.
	 */
	static Path docs() {
		Path docs = Path.of("..", "docs").toAbsolutePath().normalize();
		if (!Files.isDirectory(docs)) {
			throw new IllegalStateException("docs/ not found at " + docs);
		}
		return docs;
	}

}
