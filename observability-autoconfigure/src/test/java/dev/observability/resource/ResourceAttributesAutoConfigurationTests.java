package dev.observability.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the resource detector finds in a controlled environment, what takes precedence,
 * what it drops, and when the capability backs off.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceAttributesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResourceAttributesAutoConfiguration.class))
		.withPropertyValues("spring.application.name=shop");

	@Test
	void everyDownwardApiVariableBecomesItsKubernetesAttribute() {
		withEnvironment(Map.of("POD_NAME", "shop-7d9f-abcde", "POD_NAMESPACE", "prod", "NODE_NAME", "node-1", "POD_IP",
				"10.1.2.3", "POD_UID", "0b7e-uid", "CONTAINER_NAME", "app"))
			.run((context) -> assertThat(attributes(context)).containsEntry("k8s.pod.name", "shop-7d9f-abcde")
				.containsEntry("k8s.namespace.name", "prod")
				.containsEntry("k8s.node.name", "node-1")
				.containsEntry("k8s.pod.ip", "10.1.2.3")
				.containsEntry("k8s.pod.uid", "0b7e-uid")
				.containsEntry("k8s.container.name", "app")
				.containsEntry("service.instance.id", "0b7e-uid")
				.containsEntry("service.name", "shop"));
	}

	@Test
	void aMissingVariableIsSimplyAbsent() {
		withEnvironment(Map.of("POD_NAME", "shop-1", "HOSTNAME", "ignored-outside-a-cluster")).run((context) -> {
			assertThat(attributes(context)).containsEntry("k8s.pod.name", "shop-1")
				.containsEntry("service.instance.id", "shop-1")
				.doesNotContainKeys("k8s.namespace.name", "k8s.node.name", "k8s.pod.ip", "k8s.pod.uid",
						"k8s.container.name", "service.version", "vcs.ref.head.revision", "service.namespace");
			assertThat(context.getBean(ResourceAttributes.class).missing()).containsExactlyInAnyOrder(
					ResourceAttributes.Facet.VERSION, ResourceAttributes.Facet.COMMIT,
					ResourceAttributes.Facet.KUBERNETES);
		});
	}

	@Test
	void variableNamesAreConfigurable() {
		withEnvironment(Map.of("MY_POD", "p", "MY_NS", "ns", "MY_NODE", "n", "MY_VERSION", "2.0.0", "CI_SHA", "abc123"))
			.withPropertyValues("observability.resource.kubernetes.pod-name-variable=MY_POD",
					"observability.resource.kubernetes.namespace-variable=MY_NS",
					"observability.resource.kubernetes.node-name-variable=MY_NODE",
					"observability.resource.build.version-variable=MY_VERSION",
					"observability.resource.build.commit-variables=CI_SHA")
			.run((context) -> assertThat(attributes(context)).containsEntry("k8s.pod.name", "p")
				.containsEntry("k8s.namespace.name", "ns")
				.containsEntry("k8s.node.name", "n")
				.containsEntry("service.version", "2.0.0")
				.containsEntry("vcs.ref.head.revision", "abc123"));
	}

	@Test
	void inAClusterThePodNameFallsBackToHostnameAndTheNamespaceToTheServiceAccountFile(@TempDir Path dir)
			throws Exception {
		Path namespace = Files.writeString(dir.resolve("namespace"), "payments\n");
		withEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "HOSTNAME", "shop-5c6d-xyz"))
			.withPropertyValues("observability.resource.kubernetes.namespace-file=" + namespace)
			.run((context) -> {
				assertThat(attributes(context)).containsEntry("k8s.pod.name", "shop-5c6d-xyz")
					.containsEntry("k8s.namespace.name", "payments")
					.containsEntry("service.instance.id", "shop-5c6d-xyz");
				assertThat(context.getBean(ResourceAttributes.class).runningInKubernetes()).isTrue();
			});
	}

	@Test
	void downwardApiVariablesWinOverTheClusterFallbacks(@TempDir Path dir) throws Exception {
		Path namespace = Files.writeString(dir.resolve("namespace"), "from-file");
		withEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "HOSTNAME", "host", "POD_NAME", "pod",
				"POD_NAMESPACE", "from-variable"))
			.withPropertyValues("observability.resource.kubernetes.namespace-file=" + namespace)
			.run((context) -> assertThat(attributes(context)).containsEntry("k8s.pod.name", "pod")
				.containsEntry("k8s.namespace.name", "from-variable"));
	}

	@Test
	void inAClusterWithoutTheNamespaceFileTheNamespaceIsAbsent(@TempDir Path dir) {
		withEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "HOSTNAME", "host"))
			.withPropertyValues("observability.resource.kubernetes.namespace-file=" + dir.resolve("none"))
			.run((context) -> assertThat(attributes(context)).containsEntry("k8s.pod.name", "host")
				.doesNotContainKey("k8s.namespace.name"));
	}

	@Test
	void versionComesFromBuildInfoThenApplicationVersionThenTheVariable() {
		Properties build = new Properties();
		build.setProperty("version", "1.2.3");
		ApplicationContextRunner runner = withEnvironment(Map.of("SERVICE_VERSION", "from-variable"));
		runner.withBean(BuildProperties.class, () -> new BuildProperties(build))
			.withPropertyValues("spring.application.version=from-property")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.version", "1.2.3"));
		runner.withPropertyValues("spring.application.version=from-property")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.version", "from-property"));
		runner.run((context) -> assertThat(attributes(context)).containsEntry("service.version", "from-variable"));
	}

	@Test
	void commitAndBranchComeFromGitPropertiesBeforeTheVariables() {
		Properties git = new Properties();
		git.setProperty("commit.id", "0123456789abcdef0123456789abcdef01234567");
		git.setProperty("branch", "main");
		withEnvironment(Map.of("GIT_COMMIT", "from-variable", "GIT_BRANCH", "other"))
			.withBean(GitProperties.class, () -> new GitProperties(git))
			.run((context) -> assertThat(attributes(context))
				.containsEntry("vcs.ref.head.revision", "0123456789abcdef0123456789abcdef01234567")
				.containsEntry("vcs.ref.head.name", "main"));
	}

	@Test
	void commitVariablesAreTriedInOrder() {
		withEnvironment(Map.of("GIT_SHA", "sha", "SOURCE_COMMIT", "source", "GIT_BRANCH", "feature/x"))
			.run((context) -> assertThat(attributes(context)).containsEntry("vcs.ref.head.revision", "sha")
				.containsEntry("vcs.ref.head.name", "feature/x"));
		withEnvironment(Map.of("SOURCE_COMMIT", "source"))
			.run((context) -> assertThat(attributes(context)).containsEntry("vcs.ref.head.revision", "source"));
	}

	@Test
	void serviceNameAndNamespaceAreBootsApplicationNameAndGroup() {
		withEnvironment(Map.of()).withPropertyValues("spring.application.group=retail")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.name", "shop")
				.containsEntry("service.namespace", "retail"));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceAttributesAutoConfiguration.class))
			.withBean(EnvironmentVariables.class, () -> EnvironmentVariables.of(Map.of()))
			.run((context) -> assertThat(attributes(context)).containsEntry("service.name", "unknown_service"));
	}

	@Test
	void otelResourceAttributesAndOtelServiceNameWinOverWhatIsDetected() {
		withEnvironment(Map.of("POD_NAME", "detected", "SERVICE_VERSION", "1.0", "OTEL_RESOURCE_ATTRIBUTES",
				"k8s.pod.name=from-otel, deployment.environment.name=prod%20eu", "OTEL_SERVICE_NAME", "billing"))
			.run((context) -> assertThat(attributes(context)).containsEntry("k8s.pod.name", "from-otel")
				.containsEntry("deployment.environment.name", "prod eu")
				.containsEntry("service.name", "billing")
				.containsEntry("service.version", "1.0"));
	}

	@Test
	void managementResourceAttributesWinOverTheEnvironmentAndAnEmptyValueRemovesAnAttribute() {
		withEnvironment(Map.of("POD_NAME", "detected", "POD_IP", "10.0.0.9", "OTEL_RESOURCE_ATTRIBUTES",
				"k8s.pod.name=from-otel"))
			.withPropertyValues("management.opentelemetry.resource-attributes.k8s.pod.name=from-property",
					"management.opentelemetry.resource-attributes.k8s.pod.ip=",
					"management.opentelemetry.resource-attributes.service.version=9.9")
			.run((context) -> {
				assertThat(attributes(context)).containsEntry("k8s.pod.name", "from-property")
					.containsEntry("service.version", "9.9")
					.doesNotContainKey("k8s.pod.ip");
				assertThat(context.getBean(ResourceAttributes.class).detected()).containsEntry("k8s.pod.name",
						"detected");
			});
	}

	@Test
	void aValueNotPercentEncodedCorrectlyIsDroppedAloneWithAWarning(CapturedOutput output) {
		withEnvironment(Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=100%, team=shop%20core"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(attributes(context)).containsEntry("team", "shop core")
					.doesNotContainKey("deployment.environment.name");
				assertThat(output).contains(
						"Dropping resource attribute deployment.environment.name from OTEL_RESOURCE_ATTRIBUTES: not percent-encoded correctly");
			});
	}

	@Test
	void valuesWithControlCharactersOrTooLongAreDroppedWithAWarning(CapturedOutput output) {
		withEnvironment(Map.of("POD_NAME", "x\nforged", "NODE_NAME", "node-with-a-long-name", "POD_NAMESPACE", "ok"))
			.withPropertyValues("observability.resource.max-value-length=10")
			.run((context) -> {
				ResourceAttributes attributes = context.getBean(ResourceAttributes.class);
				assertThat(attributes.asMap()).containsEntry("k8s.namespace.name", "ok")
					.doesNotContainKeys("k8s.pod.name", "k8s.node.name", "service.instance.id");
				assertThat(attributes.dropped()).containsKeys("k8s.pod.name", "k8s.node.name");
				assertThat(output).contains("WARN")
					.contains(
							"Dropping resource attribute k8s.pod.name from environment variable POD_NAME: value contains a control character")
					.contains(
							"Dropping resource attribute k8s.node.name from environment variable NODE_NAME: value longer than 10 characters")
					.doesNotContain("forged");
			});
	}

	@Test
	void aBadSettingFailsStartupWithItsName() {
		withEnvironment(Map.of()).withPropertyValues("observability.resource.max-value-length=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("must be between 1 and 4096"));
		withEnvironment(Map.of()).withPropertyValues("observability.resource.kubernetes.pod-name-variable= ")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void targetInfoGaugeIsValueOneWithTheAttributesAsTags() {
		withEnvironment(Map.of("POD_NAME", "p1", "POD_NAMESPACE", "ns")).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(TargetInfoMetrics.class).bindTo(registry);
			assertThat(
					registry.get("target.info").tag("k8s.pod.name", "p1").tag("service.name", "shop").gauge().value())
				.isEqualTo(1.0);
			assertThat(registry.get("target.info").gauge().getId().getDescription()).isNotBlank();
		});
	}

	@Test
	void otherMetersGetNoResourceTagsUnlessChosen() {
		withEnvironment(Map.of("POD_NAME", "p1", "POD_NAMESPACE", "ns")).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			registry.config().meterFilter(context.getBean(ResourceCommonTags.class));
			assertThat(registry.counter("orders").getId().getTags()).isEmpty();
		});
		withEnvironment(Map.of("POD_NAME", "p1", "POD_NAMESPACE", "ns"))
			.withPropertyValues("observability.resource.common-tags=k8s.namespace.name,service.name")
			.run((context) -> {
				MeterRegistry registry = new SimpleMeterRegistry();
				registry.config().meterFilter(context.getBean(ResourceCommonTags.class));
				assertThat(registry.counter("orders", "service.name", "own").getId().getTags())
					.extracting((tag) -> tag.getKey() + "=" + tag.getValue())
					.containsExactlyInAnyOrder("k8s.namespace.name=ns", "service.name=own");
			});
	}

	@Test
	void infoShowsTheAttributesUnderObservabilityResource() {
		withEnvironment(Map.of("POD_NAME", "p1")).run((context) -> {
			Info.Builder builder = new Info.Builder();
			context.getBean(ResourceInfoContributor.class).contribute(builder);
			assertThat(builder.build().getDetails()).extractingByKey("observability")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.extractingByKey("resource")
				.isEqualTo(Map.of("k8s.pod.name", "p1", "service.instance.id", "p1", "service.name", "shop"));
		});
	}

	@Test
	void exportedSpansCarryTheAttributesAndBootsResourceAttributesWin() {
		InMemorySpanExporter spans = InMemorySpanExporter.create();
		withEnvironment(Map.of("POD_NAME", "p1", "POD_NAMESPACE", "ns", "GIT_COMMIT", "abc"))
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class))
			.withPropertyValues("management.opentelemetry.resource-attributes.k8s.namespace.name=from-boot",
					"management.tracing.sampling.probability=1.0")
			.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(spans))
			.run((context) -> {
				context.getBean(SdkTracerProvider.class).get("test").spanBuilder("work").startSpan().end();
				SpanData span = spans.getFinishedSpanItems().get(0);
				assertThat(span.getResource().getAttribute(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("p1");
				assertThat(span.getResource().getAttribute(AttributeKey.stringKey("k8s.namespace.name")))
					.isEqualTo("from-boot");
				assertThat(span.getResource().getAttribute(AttributeKey.stringKey("vcs.ref.head.revision")))
					.isEqualTo("abc");
				assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("shop");
			});
	}

	@Test
	void spanAttributesByDefaultOnlyWithTheZipkinExporterOnTheClasspath() {
		withEnvironment(Map.of("SERVICE_VERSION", "1.0"))
			.run((context) -> assertThat(context).hasSingleBean(ResourceAttributesSpanProcessor.class));
		withEnvironment(Map.of("SERVICE_VERSION", "1.0"))
			.withClassLoader(new FilteredClassLoader(ZipkinSpanExporter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ResourceAttributesSpanProcessor.class)
				.hasSingleBean(ResourceTracerProviderCustomizer.class));
	}

	@Test
	void spanAttributesAlwaysAddsTheProcessorWithoutZipkin() {
		withEnvironment(Map.of("SERVICE_VERSION", "1.0"))
			.withClassLoader(new FilteredClassLoader(ZipkinSpanExporter.class))
			.withPropertyValues("observability.resource.span-attributes=always")
			.run((context) -> assertThat(context.getBean(ResourceAttributesSpanProcessor.class).getAttributes())
				.containsEntry("service.version", "1.0")
				.doesNotContainKey("service.name"));
	}

	@Test
	void spanAttributesNeverAddsNoProcessorEvenWithZipkin() {
		withEnvironment(Map.of("SERVICE_VERSION", "1.0"))
			.withPropertyValues("observability.resource.span-attributes=never")
			.run((context) -> assertThat(context).doesNotHaveBean(ResourceAttributesSpanProcessor.class)
				.hasSingleBean(ResourceAttributes.class));
	}

	@Test
	void anUnknownSpanAttributesValueFailsStartupWithThePropertyName() {
		withEnvironment(Map.of()).withPropertyValues("observability.resource.span-attributes=sometimes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'observability.resource.span-attributes'"));
	}

	@Test
	void spanAttributesProcessorBacksOffForTheUsersOwn() {
		ResourceAttributesSpanProcessor own = new ResourceAttributesSpanProcessor(Map.of("team", "checkout"));
		withEnvironment(Map.of("SERVICE_VERSION", "1.0"))
			.withPropertyValues("observability.resource.span-attributes=always")
			.withBean("myProcessor", ResourceAttributesSpanProcessor.class, () -> own)
			.run((context) -> assertThat(context).getBean(ResourceAttributesSpanProcessor.class).isSameAs(own));
	}

	@Test
	void bootsTracerProviderPutsTheAttributesOnEverySpan() {
		InMemorySpanExporter spans = InMemorySpanExporter.create();
		withEnvironment(Map.of("POD_NAME", "p1", "POD_NAMESPACE", "ns", "GIT_COMMIT", "abc", "SERVICE_VERSION", "2.1"))
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class))
			.withPropertyValues("management.opentelemetry.resource-attributes.k8s.namespace.name=from-boot",
					"management.tracing.sampling.probability=1.0")
			.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(spans))
			.run((context) -> {
				context.getBean(SdkTracerProvider.class).get("test").spanBuilder("work").startSpan().end();
				SpanData span = spans.getFinishedSpanItems().get(0);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("service.version"))).isEqualTo("2.1");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("vcs.ref.head.revision"))).isEqualTo("abc");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("p1");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("k8s.namespace.name")))
					.isEqualTo(span.getResource().getAttribute(AttributeKey.stringKey("k8s.namespace.name")))
					.isEqualTo("from-boot");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("service.name"))).isNull();
			});
	}

	@Test
	void backsOffWhenDisabled() {
		withEnvironment(Map.of("POD_NAME", "p1")).withPropertyValues("observability.resource.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResourceAttributes.class)
				.doesNotHaveBean(TargetInfoMetrics.class)
				.doesNotHaveBean(ResourceInfoContributor.class)
				.doesNotHaveBean(ResourceTracerProviderCustomizer.class)
				.doesNotHaveBean(ResourceAttributesSpanProcessor.class));
	}

	@Test
	void eachOutputCanBeSwitchedOff() {
		withEnvironment(Map.of())
			.withPropertyValues("observability.resource.target-info.enabled=false",
					"observability.resource.info.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ResourceAttributes.class)
				.doesNotHaveBean(TargetInfoMetrics.class)
				.doesNotHaveBean(ResourceInfoContributor.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheAttributes() {
		this.runner.withBean("myAttributes", ResourceAttributes.class, () -> ResourceAttributes.of(Map.of("a", "b")))
			.run((context) -> {
				assertThat(context.getBeansOfType(ResourceAttributes.class)).containsOnlyKeys("myAttributes");
				assertThat(context.getBean(ResourceInfoContributor.class)).isNotNull();
			});
	}

	private ApplicationContextRunner withEnvironment(Map<String, String> variables) {
		Map<String, String> copy = new HashMap<>(variables);
		return this.runner.withBean(EnvironmentVariables.class, () -> EnvironmentVariables.of(copy));
	}

	private static Map<String, String> attributes(org.springframework.context.ApplicationContext context) {
		return context.getBean(ResourceAttributes.class).asMap();
	}

}
