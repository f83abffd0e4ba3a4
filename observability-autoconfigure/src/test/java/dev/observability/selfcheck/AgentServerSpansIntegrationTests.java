package dev.observability.selfcheck;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import dev.observability.doctor.PitfallDoctor;
import dev.observability.selfcheck.agentapp.AgentTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Tomcat beside a stand-in for the OpenTelemetry Java agent (a valve that starts the
 * server span before any filter, see {@link AgentTestApplication}): by default the
 * starter uses the agent's span, so each request has exactly one server span, and the
 * trace id in the MDC (read in the controller) is the agent's; with
 * {@code server-spans=starter} it starts a second one and the report fails. The request
 * metrics are recorded once either way.
 */
class AgentServerSpansIntegrationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void clearSpans() {
		AgentTestApplication.AGENT_SPANS.reset();
		AgentTestApplication.STARTER_SPANS.reset();
	}

	@Test
	void byDefaultEachRequestHasOneServerSpanTheAgentsAndItsTraceIdIsInTheMdc() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			for (int i = 0; i < 3; i++) {
				String traceId = get(context, "/work", false);
				SpanData agentSpan = await().until(() -> lastServerSpan(AgentTestApplication.AGENT_SPANS),
						(span) -> span != null && traceId.equals(span.getTraceId()));
				assertThat(traceId).isEqualTo(agentSpan.getTraceId());
			}
			assertThat(serverSpans(AgentTestApplication.AGENT_SPANS)).hasSize(3);
			assertThat(serverSpans(AgentTestApplication.STARTER_SPANS)).isEmpty();
			assertThat(requests(context)).isEqualTo(3.0);
			Finding finding = agentFinding(context);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).contains("OpenTelemetry Java agent (-javaagent:")
				.contains("the starter stepped aside (observability.selfcheck.agents.server-spans=auto)")
				.contains("HTTP requests use the agent's server span (tomcat")
				.contains("gRPC calls use the agent's server and client spans (grpc on)")
				.contains("recorded once");
		}
	}

	@Test
	void aRequestThatArrivesWithoutTheAgentsSpanGetsTheStartersOne() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String traceId = get(context, "/work", true);
			SpanData own = await().until(() -> lastServerSpan(AgentTestApplication.STARTER_SPANS),
					(span) -> span != null);
			assertThat(traceId).isEqualTo(own.getTraceId());
			assertThat(own.getName()).isEqualTo("GET /work");
			assertThat(serverSpans(AgentTestApplication.AGENT_SPANS)).isEmpty();
			assertThat(requests(context)).isEqualTo(1.0);
		}
	}

	@Test
	void withServerSpansStarterEachRequestGetsASecondServerSpanAndTheReportFails() throws Exception {
		try (ConfigurableApplicationContext context = start("observability.selfcheck.agents.server-spans=starter")) {
			String traceId = get(context, "/work", false);
			SpanData own = await().until(() -> lastServerSpan(AgentTestApplication.STARTER_SPANS),
					(span) -> span != null);
			SpanData agents = await().until(() -> lastServerSpan(AgentTestApplication.AGENT_SPANS),
					(span) -> span != null);
			assertThat(traceId).isEqualTo(own.getTraceId());
			assertThat(own.getTraceId()).as("the starter's span is in a trace of its own")
				.isNotEqualTo(agents.getTraceId());
			assertThat(requests(context)).isEqualTo(1.0);
			Finding finding = agentFinding(context);
			assertThat(finding.severity()).isEqualTo(FindingSeverity.FAIL);
			assertThat(finding.message()).contains("observability.selfcheck.agents.server-spans=starter")
				.contains("second server span");
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(AgentTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=agent",
					"management.tracing.sampling.probability=1.0", "observability.endpoint.auth.password=s3cret",
					"observability.doctor.log-on-startup=false")
			.properties(properties)
			.run();
	}

	private static String get(ConfigurableApplicationContext context, String path, boolean withoutAgentSpan)
			throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
		if (withoutAgentSpan) {
			request.header("x-no-agent-span", "1");
		}
		HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static List<SpanData> serverSpans(io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans) {
		return spans.getFinishedSpanItems().stream().filter((span) -> span.getKind() == SpanKind.SERVER).toList();
	}

	private static SpanData lastServerSpan(io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans) {
		List<SpanData> server = serverSpans(spans);
		return server.isEmpty() ? null : server.get(server.size() - 1);
	}

	private static double requests(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get("http.requests")
			.tag("route", "/work")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static Finding agentFinding(ConfigurableApplicationContext context) {
		return context.getBean(PitfallDoctor.class)
			.report()
			.findings()
			.stream()
			.filter((finding) -> finding.id().equals("agents.double-instrumentation"))
			.findFirst()
			.orElseThrow();
	}

}
