package dev.observability.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout rules of CONTRIBUTING.md, checked on the compiled main classes: capability
 * packages without cycles, {@code internal} packages private to their capability, and
 * every auto-configuration final and registered.
 */
@AnalyzeClasses(packages = "dev.observability", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@ArchTest
	static final ArchRule capabilityPackagesHaveNoCycles = slices().matching("dev.observability.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule coreDependsOnNoCapability = noClasses().that()
		.resideInAPackage("dev.observability.core..")
		.should()
		.dependOnClassesThat(outsideCore());

	@ArchTest
	static final ArchRule internalPackagesAreUsedOnlyInsideTheirCapability = classes().that()
		.resideInAPackage("dev.observability.*.internal..")
		.should(beAccessedOnlyFromTheirCapability())
		.allowEmptyShould(true);

	@ArchTest
	static final ArchRule autoConfigurationsAreFinalAndRegistered = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.haveModifier(JavaModifier.FINAL)
		.andShould(beListedIn(registeredAutoConfigurations()))
		.andShould()
		.haveSimpleNameEndingWith("AutoConfiguration");

	private static DescribedPredicate<JavaClass> outsideCore() {
		return DescribedPredicate.describe("a starter class outside core",
				(type) -> type.getPackageName().startsWith("dev.observability.")
						&& !type.getPackageName().startsWith("dev.observability.core"));
	}

	private static ArchCondition<JavaClass> beAccessedOnlyFromTheirCapability() {
		return new ArchCondition<>("be accessed only from their own capability") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				String capability = capabilityOf(type);
				type.getDirectDependenciesToSelf().forEach((dependency) -> {
					JavaClass origin = dependency.getOriginClass();
					if (!capabilityOf(origin).equals(capability)) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				});
			}

		};
	}

	private static String capabilityOf(JavaClass type) {
		String[] parts = type.getPackageName().split("\\.");
		return (parts.length > 2) ? parts[2] : "";
	}

	private static ArchCondition<JavaClass> beListedIn(Set<String> registered) {
		return new ArchCondition<>("be listed in " + IMPORTS) {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				if (!registered.contains(type.getName())) {
					events.add(SimpleConditionEvent.violated(type, type.getName() + " is not listed in " + IMPORTS));
				}
			}

		};
	}

	private static Set<String> registeredAutoConfigurations() {
		try (InputStream in = ArchitectureTests.class.getClassLoader().getResourceAsStream(IMPORTS)) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return Arrays.stream(text.split("\\R"))
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
