package dev.observability.selfcheck.agentapp;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import dev.observability.selfcheck.JavaAgents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application beside a stand-in for the OpenTelemetry Java agent: a Tomcat valve that
 * starts a server span with a tracer of its own (the agent's SDK, exporting to
 * {@link #AGENT_SPANS}) and puts it in the OpenTelemetry context before any filter runs,
 * as the agent's Tomcat instrumentation does; and the agent reported as detected. A
 * request with the header {@code x-no-agent-span} passes the valve without a span. The
 * application's own spans (Spring Boot's SDK) go to {@link #STARTER_SPANS}.
 */
@SpringBootApplication
public class AgentTestApplication {

	/** The spans the stand-in agent ended. */
	public static final InMemorySpanExporter AGENT_SPANS = InMemorySpanExporter.create();

	/** The spans Spring Boot's SDK ended. */
	public static final InMemorySpanExporter STARTER_SPANS = InMemorySpanExporter.create();

	private static final Tracer AGENT_TRACER = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(AGENT_SPANS))
		.build()
		.get("stand-in agent");

	@Bean
	JavaAgents openTelemetryAgentDetected() {
		return JavaAgents.detect(List.of("-javaagent:/opt/otel/opentelemetry-javaagent-2.31.0.jar"), (name) -> false);
	}

	/**
	 * Spring Boot's spans into {@link #STARTER_SPANS}, which outlives each application:
	 * closing one shuts its processor down, not the shared exporter.
	 */
	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				return STARTER_SPANS.export(spans);
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		});
	}

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> agentValve() {
		return (factory) -> factory.addEngineValves(new AgentValve());
	}

	@Bean
	SecurityFilterChain openSecurity(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

	static final class AgentValve extends ValveBase {

		AgentValve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			if (request.getHeader("x-no-agent-span") != null) {
				getNext().invoke(request, response);
				return;
			}
			Span span = AGENT_TRACER.spanBuilder("GET").setSpanKind(SpanKind.SERVER).startSpan();
			try (Scope scope = span.makeCurrent()) {
				getNext().invoke(request, response);
			}
			finally {
				span.end();
			}
		}

	}

	@RestController
	static class WorkController {

		private static final Logger logger = LoggerFactory.getLogger(WorkController.class);

		@GetMapping("/work")
		String work() {
			logger.info("working");
			return MDC.get("traceId");
		}

	}

}
