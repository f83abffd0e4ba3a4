package dev.observability.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.observability.resource.EnvironmentVariables;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop started as a Kubernetes pod would start it: the downward-API variables and the
 * commit in its environment (injected, the real process environment stays untouched).
 * Every exported span, the target_info gauge and /actuator/info tell which pod,
 * namespace, node, version and commit.
 */
class ResourceAttributesTests {

	private static final Map<String, String> POD_ENVIRONMENT = Map.of("POD_NAME", "shop-7d9f8b6c5-x2x9q",
			"POD_NAMESPACE", "retail", "NODE_NAME", "node-a", "GIT_COMMIT", "4b825dc642cb6eb9a060e54bf8d69288fbee4904");

	private static final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private static ConfigurableApplicationContext context;

	private static RunningShop shop;

	@BeforeAll
	static void start() {
		shop = RunningShop.start((applicationContext) -> {
			applicationContext.getBeanFactory()
				.registerSingleton("podEnvironment", EnvironmentVariables.of(POD_ENVIRONMENT));
			applicationContext.getBeanFactory()
				.registerSingleton("inMemorySpanProcessor", SimpleSpanProcessor.create(spans));
		},
				// No git.properties: the commit comes from GIT_COMMIT, as in an image
				// built without .git.
				"spring.info.git.location=classpath:no-such-git.properties");
		context = shop.context();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void targetInfoCarriesPodNamespaceNodeVersionAndCommitAsLabels() throws Exception {
		String scrape = get("/actuator/prometheus", "text/plain;version=0.0.4").body();
		String targetInfo = scrape.lines().filter((line) -> line.startsWith("target_info{")).findFirst().orElseThrow();
		assertThat(scrape).contains("# TYPE target_info gauge").contains("# HELP target_info ");
		assertThat(targetInfo).contains("k8s_pod_name=\"shop-7d9f8b6c5-x2x9q\"")
			.contains("k8s_namespace_name=\"retail\"")
			.contains("k8s_node_name=\"node-a\"")
			.contains("service_name=\"shop\"")
			.contains("service_instance_id=\"shop-7d9f8b6c5-x2x9q\"")
			.contains("service_version=\"" + expectedVersion() + "\"")
			.contains("vcs_ref_head_revision=\"4b825dc642cb6eb9a060e54bf8d69288fbee4904\"")
			.endsWith(" 1");
	}

	@Test
	void otherMetricsDoNotCarryTheResourceAttributes() throws Exception {
		get("/api/users/1", "application/json");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus", "text/plain;version=0.0.4").body())
				.contains("http_requests_total{"));
		List<String> others = get("/actuator/prometheus", "text/plain;version=0.0.4").body()
			.lines()
			.filter((line) -> !line.startsWith("#") && !line.startsWith("target_info"))
			.toList();
		assertThat(others).isNotEmpty().noneMatch((line) -> line.contains("k8s_pod_name"));
	}

	@Test
	void infoEndpointShowsTheAttributesUnderObservabilityResource() throws Exception {
		HttpResponse<String> response = get("/actuator/info", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> info = JsonParserFactory.getJsonParser().parseMap(response.body());
		assertThat(info).extractingByKey("observability")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.extractingByKey("resource")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("k8s.pod.name", "shop-7d9f8b6c5-x2x9q")
			.containsEntry("k8s.namespace.name", "retail")
			.containsEntry("k8s.node.name", "node-a")
			.containsEntry("vcs.ref.head.revision", "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
			.containsEntry("service.version", expectedVersion());
	}

	@Test
	void everyExportedSpanCarriesTheResource() throws Exception {
		spans.reset();
		assertThat(get("/api/users/2", "application/json").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> !spans.getFinishedSpanItems().isEmpty());
		SpanData span = spans.getFinishedSpanItems().get(0);
		Resource resource = span.getResource();
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.pod.name"))).isEqualTo("shop-7d9f8b6c5-x2x9q");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.namespace.name"))).isEqualTo("retail");
		assertThat(resource.getAttribute(AttributeKey.stringKey("k8s.node.name"))).isEqualTo("node-a");
		assertThat(resource.getAttribute(AttributeKey.stringKey("vcs.ref.head.revision")))
			.isEqualTo("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("shop");
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo(expectedVersion());
	}

	/**
	 * The version Boot's build-info.properties says, as generated by the build; else none
	 * was set.
	 */
	private static String expectedVersion() {
		BuildProperties build = context.getBeanProvider(BuildProperties.class).getIfAvailable();
		assertThat(build).as("META-INF/build-info.properties generated by spring-boot-maven-plugin").isNotNull();
		return build.getVersion();
	}

	private static HttpResponse<String> get(String path, String accept) {
		return shop.getWithScrapeAuth(path, accept);
	}

}
