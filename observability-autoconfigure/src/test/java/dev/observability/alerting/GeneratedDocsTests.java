package dev.observability.alerting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.observability.sample.support.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copies of the generated defaults in docs/ are byte for byte what the generators
 * produce today. Since the files were written by another JVM, this is also what shows
 * that the output does not depend on hash order or anything else that changes between
 * runs. After a deliberate change, regenerate them with
 * {@code mvn -pl observability-autoconfigure test -Dtest=GeneratedDocsTests -Dalerting.write-docs=true}.
 */
class GeneratedDocsTests {

	private static final boolean WRITE = Boolean.getBoolean("alerting.write-docs");

	@Test
	void rulesInDocsAreTheGeneratedDefaults() throws IOException {
		assertUpToDate(AlertingDefaults.docs().resolve("alerting/rules.yml"), AlertingDefaults.rules().toYaml());
	}

	@Test
	void dashboardInDocsIsTheGeneratedDefault() throws IOException {
		assertUpToDate(AlertingDefaults.docs().resolve("alerting/dashboard.json"),
				AlertingDefaults.dashboard().toJson());
	}

	@Test
	void alertmanagerConfigInDocsIsTheGeneratedDefault() throws IOException {
		assertUpToDate(AlertingDefaults.docs().resolve("alertmanager/alertmanager.yml"), AlertmanagerConfig.toYaml());
	}

	@Test
	void alertmanagerConfigInDocsPassesAmtool() throws Exception {
		String amtool = ExternalTool.require("amtool", "prometheus-alertmanager");
		Path config = AlertingDefaults.docs().resolve("alertmanager/alertmanager.yml");
		ExternalTool.Result result = ExternalTool.run(config.getParent(), amtool, "check-config", config.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	private static void assertUpToDate(Path file, String generated) throws IOException {
		if (WRITE) {
			Files.createDirectories(file.getParent());
			Files.writeString(file, generated, StandardCharsets.UTF_8);
		}
		assertThat(file).as("%s is missing: regenerate with -Dalerting.write-docs=true", file).exists();
		assertThat(Files.readString(file, StandardCharsets.UTF_8))
			.as("%s drifted from the generator: regenerate with -Dalerting.write-docs=true", file)
			.isEqualTo(generated);
	}

}
