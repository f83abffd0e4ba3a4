package dev.observability.selfcheck;

import dev.observability.core.AgentServerSpans;
import io.opentelemetry.api.metrics.MeterProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Watches the starter's own pipeline: span export health, log/trace coverage and Java
 * agents measuring the same requests.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBooleanProperty(name = "observability.selfcheck.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SelfCheckProperties.class)
public final class SelfCheckAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.selfcheck.agents.enabled", matchIfMissing = true)
	JavaAgents javaAgents() {
		return JavaAgents.detect();
	}

	/**
	 * Where the HTTP and gRPC entries use the OpenTelemetry agent's server spans instead
	 * of starting their own.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.selfcheck.agents.enabled", matchIfMissing = true)
	AgentServerSpans agentServerSpans(JavaAgents agents, SelfCheckProperties properties, Environment environment) {
		return new OpenTelemetryAgentSettings(environment).serverSpans(agents, properties.getAgents().getServerSpans());
	}

	/** Spans exported, failed and dropped in the pipeline Boot sets up. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = { "io.opentelemetry.sdk.trace.export.SpanExporter", "io.opentelemetry.api.metrics.MeterProvider",
					"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters" })
	@ConditionalOnBooleanProperty(name = "observability.selfcheck.span-export.enabled", matchIfMissing = true)
	static class SpanExportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpanExportHealth spanExportHealth() {
			return new SpanExportHealth();
		}

		@Bean
		static SpanExportersPostProcessor spanExportersCountingPostProcessor(ObjectProvider<SpanExportHealth> health) {
			return new SpanExportersPostProcessor(health);
		}

		/**
		 * Boot hands the only {@link MeterProvider} bean to its batch span processor; an
		 * application that has its own keeps it, and the queue is then not watched.
		 */
		@Bean
		@ConditionalOnMissingBean(MeterProvider.class)
		SpanProcessorMeterBridge spanProcessorMeterBridge(SpanExportHealth health) {
			return new SpanProcessorMeterBridge(health);
		}

	}

	/** Log events with and without a trace id, when Logback writes the logs. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	@ConditionalOnBooleanProperty(name = "observability.selfcheck.logs.enabled", matchIfMissing = true)
	static class LogCoverageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LogTraceCoverage logTraceCoverage(ObjectProvider<EntrySpanTracker> entrySpans) {
			EntrySpanTracker tracker = entrySpans.getIfAvailable();
			return new LogTraceCoverage((tracker != null) ? tracker::anyOpen : () -> false);
		}

		@Bean
		@ConditionalOnMissingBean
		TraceCoverageInstaller traceCoverageInstaller(LogTraceCoverage coverage) {
			return new TraceCoverageInstaller(coverage);
		}

		/** Server and consumer spans open in the process, when the SDK records them. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.opentelemetry.sdk.trace.SpanProcessor")
		static class EntrySpanConfiguration {

			@Bean
			@ConditionalOnMissingBean
			EntrySpanTracker entrySpanTracker() {
				return new EntrySpanTracker();
			}

		}

	}

}
