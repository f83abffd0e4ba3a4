package dev.observability.selfcheck;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the starter's checks of its own pipeline: span export, log/trace coverage
 * and Java agents.
 */
@ConfigurationProperties("observability.selfcheck")
public class SelfCheckProperties {

	/** Whether the starter watches its own span export, log coverage and Java agents. */
	private boolean enabled = true;

	/** Counting of exported, failed and dropped spans and of the export queue. */
	private final SpanExport spanExport = new SpanExport();

	/** Counting of log events with and without a trace id. */
	private final Logs logs = new Logs();

	/** Detection of Java agents that instrument the same requests. */
	private final Agents agents = new Agents();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public SpanExport getSpanExport() {
		return this.spanExport;
	}

	public Logs getLogs() {
		return this.logs;
	}

	public Agents getAgents() {
		return this.agents;
	}

	/**
	 * Settings for span export health.
	 */
	public static class SpanExport {

		/**
		 * Whether exported, failed and dropped spans and the export queue's size are
		 * counted for the span pipeline Spring Boot sets up.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings for log/trace coverage.
	 */
	public static class Logs {

		/**
		 * Whether Logback events are counted by level and by whether they carry a trace
		 * id (observability_log_events_total).
		 */
		private boolean enabled = true;

		/**
		 * How many loggers and threads the pitfall report names as the largest sources of
		 * lines without a trace id.
		 */
		private int topSources = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getTopSources() {
			return this.topSources;
		}

		public void setTopSources(int topSources) {
			if (topSources < 1) {
				throw new IllegalArgumentException(
						"observability.selfcheck.logs.top-sources must be at least 1, was " + topSources);
			}
			this.topSources = topSources;
		}

	}

	/**
	 * Settings for Java agent detection.
	 */
	public static class Agents {

		/**
		 * Whether the starter looks for the OpenTelemetry, Datadog and Elastic Java
		 * agents at startup and reports them.
		 */
		private boolean enabled = true;

		/**
		 * Who starts the server spans of HTTP requests and gRPC calls, and the client
		 * spans of outgoing gRPC and HTTP calls, when the OpenTelemetry Java agent runs:
		 * 'auto' uses the agent's where its instrumentation is on (the starter keeps its
		 * metrics, MDC entries and access log), 'agent' always uses the agent's,
		 * 'starter' never does (switch the agent's server instrumentations off).
		 */
		private ServerSpanOwner serverSpans = ServerSpanOwner.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public ServerSpanOwner getServerSpans() {
			return this.serverSpans;
		}

		public void setServerSpans(ServerSpanOwner serverSpans) {
			this.serverSpans = serverSpans;
		}

	}

}
