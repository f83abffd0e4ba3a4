package dev.observability.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.core.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the generated Prometheus rules and Grafana dashboard: the selector that
 * finds this service's series, and the thresholds and windows of every alert.
 */
@ConfigurationProperties("observability.alerting")
public class AlertingProperties {

	/** Whether the alertrules and grafanadashboard endpoints are available. */
	private boolean enabled = true;

	/**
	 * Value of the "job" label Prometheus gives this service's series, used by every
	 * expression. Defaults to spring.application.name, which fits a scrape job or a
	 * ServiceMonitor named after the service.
	 */
	private @Nullable String job;

	/**
	 * Base of the runbook_url annotation; the alert name in lower case is appended as the
	 * anchor, for example docs/runbooks.md#latencyp99surge.
	 */
	private String runbookUrl = "docs/runbooks.md";

	/**
	 * Request rate (requests per second of a service, route or method) below which the
	 * latency and error ratio alerts stay silent, so that a handful of requests cannot
	 * page anyone.
	 */
	private double minRequestRate = 0.1;

	/** The LatencyP99Surge alert. */
	private final Latency latency = new Latency();

	/** The ErrorRatioHigh and PanicDetected alerts. */
	private final Errors errors = new Errors();

	/** The ThreadLeakSuspected alert. */
	private final Threads threads = new Threads();

	/**
	 * The VirtualThreadsPinned and VirtualThreadSubmitFailed alerts (Java 21+,
	 * Micrometer's virtual-thread binder).
	 */
	private final VirtualThreads virtualThreads = new VirtualThreads();

	/** The RecentDeploy alert that mutes latency and error alerts after a deploy. */
	private final Deploy deploy = new Deploy();

	/**
	 * The alerts on the starter's own counters: CardinalityOverflow, ScrapeAuthFailures,
	 * BusinessEventsDropped, SpanExportFailing.
	 */
	private final Starter starter = new Starter();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getJob() {
		return this.job;
	}

	public void setJob(@Nullable String job) {
		this.job = job;
	}

	public String getRunbookUrl() {
		return this.runbookUrl;
	}

	public void setRunbookUrl(String runbookUrl) {
		this.runbookUrl = runbookUrl;
	}

	public double getMinRequestRate() {
		return this.minRequestRate;
	}

	public void setMinRequestRate(double minRequestRate) {
		if (minRequestRate < 0) {
			throw new IllegalArgumentException("must be zero or positive (was " + minRequestRate + ")");
		}
		this.minRequestRate = minRequestRate;
	}

	public Latency getLatency() {
		return this.latency;
	}

	public Errors getErrors() {
		return this.errors;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public VirtualThreads getVirtualThreads() {
		return this.virtualThreads;
	}

	public Deploy getDeploy() {
		return this.deploy;
	}

	public Starter getStarter() {
		return this.starter;
	}

	/**
	 * Settings for LatencyP99Surge.
	 */
	public static class Latency {

		/** How many times its baseline the P99 over 5m must be to count as a surge. */
		private double surgeRatio = 1.8;

		/** Window of the baseline: the average P99 over this long. */
		private Duration baseline = Duration.ofHours(1);

		/**
		 * How far back the baseline window ends, so that it excludes the surge itself; at
		 * least the for-duration plus the 5m rate window.
		 */
		private Duration baselineOffset = Duration.ofMinutes(15);

		/** How long the surge must last before the alert fires (the rule's "for"). */
		private Duration forDuration = Duration.ofMinutes(10);

		public double getSurgeRatio() {
			return this.surgeRatio;
		}

		public void setSurgeRatio(double surgeRatio) {
			if (surgeRatio <= 1) {
				throw new IllegalArgumentException("must be greater than 1 (was " + surgeRatio + ")");
			}
			this.surgeRatio = surgeRatio;
		}

		public Duration getBaseline() {
			return this.baseline;
		}

		public void setBaseline(Duration baseline) {
			this.baseline = PropertyChecks.positive("observability.alerting.latency.baseline", baseline);
		}

		public Duration getBaselineOffset() {
			return this.baselineOffset;
		}

		public void setBaselineOffset(Duration baselineOffset) {
			this.baselineOffset = PropertyChecks.zeroOrPositive("observability.alerting.latency.baseline-offset",
					baselineOffset);
		}

		public Duration getForDuration() {
			return this.forDuration;
		}

		public void setForDuration(Duration forDuration) {
			this.forDuration = PropertyChecks.zeroOrPositive("observability.alerting.latency.for-duration",
					forDuration);
		}

	}

	/**
	 * Settings for ErrorRatioHigh and PanicDetected.
	 */
	public static class Errors {

		/**
		 * Share of requests (0 to 1) answered with a server error above which
		 * ErrorRatioHigh fires.
		 */
		private double ratioThreshold = 0.05;

		/**
		 * How long the error ratio must stay above the threshold before the alert fires.
		 */
		private Duration forDuration = Duration.ofMinutes(5);

		/** gRPC status codes that count as server errors in the gRPC error ratio. */
		private List<String> grpcServerErrorCodes = new ArrayList<>(
				List.of("UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS"));

		/** How long PanicDetected stays active after a panic. */
		private Duration panicWindow = Duration.ofMinutes(5);

		public double getRatioThreshold() {
			return this.ratioThreshold;
		}

		public void setRatioThreshold(double ratioThreshold) {
			if (ratioThreshold <= 0 || ratioThreshold >= 1) {
				throw new IllegalArgumentException("must be between 0 and 1, exclusive (was " + ratioThreshold + ")");
			}
			this.ratioThreshold = ratioThreshold;
		}

		public Duration getForDuration() {
			return this.forDuration;
		}

		public void setForDuration(Duration forDuration) {
			this.forDuration = PropertyChecks.zeroOrPositive("observability.alerting.errors.for-duration", forDuration);
		}

		public List<String> getGrpcServerErrorCodes() {
			return this.grpcServerErrorCodes;
		}

		public void setGrpcServerErrorCodes(List<String> grpcServerErrorCodes) {
			if (grpcServerErrorCodes == null || grpcServerErrorCodes.isEmpty()) {
				throw new IllegalArgumentException("must name at least one gRPC status code");
			}
			for (String code : grpcServerErrorCodes) {
				if (code == null || !code.matches("[A-Z_]+")) {
					throw new IllegalArgumentException("must be gRPC status names like INTERNAL (was " + code + ")");
				}
			}
			this.grpcServerErrorCodes = grpcServerErrorCodes;
		}

		public Duration getPanicWindow() {
			return this.panicWindow;
		}

		public void setPanicWindow(Duration panicWindow) {
			this.panicWindow = PropertyChecks.positive("observability.alerting.errors.panic-window", panicWindow);
		}

	}

	/**
	 * Settings for ThreadLeakSuspected.
	 */
	public static class Threads {

		/** Number of live threads the prediction must not cross. */
		private int limit = 1000;

		/** Window over which the thread count must be rising (deriv greater than 0). */
		private Duration riseWindow = Duration.ofMinutes(15);

		/** Window of samples the linear prediction is fitted to. */
		private Duration predictionWindow = Duration.ofMinutes(30);

		/**
		 * How far ahead the prediction looks: the alert fires when the limit is crossed
		 * within it.
		 */
		private Duration horizon = Duration.ofHours(1);

		/** How long the trend must hold before the alert fires. */
		private Duration forDuration = Duration.ofMinutes(10);

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException("must be positive (was " + limit + ")");
			}
			this.limit = limit;
		}

		public Duration getRiseWindow() {
			return this.riseWindow;
		}

		public void setRiseWindow(Duration riseWindow) {
			this.riseWindow = PropertyChecks.positive("observability.alerting.threads.rise-window", riseWindow);
		}

		public Duration getPredictionWindow() {
			return this.predictionWindow;
		}

		public void setPredictionWindow(Duration predictionWindow) {
			this.predictionWindow = PropertyChecks.positive("observability.alerting.threads.prediction-window",
					predictionWindow);
		}

		public Duration getHorizon() {
			return this.horizon;
		}

		public void setHorizon(Duration horizon) {
			this.horizon = PropertyChecks.positive("observability.alerting.threads.horizon", horizon);
		}

		public Duration getForDuration() {
			return this.forDuration;
		}

		public void setForDuration(Duration forDuration) {
			this.forDuration = PropertyChecks.zeroOrPositive("observability.alerting.threads.for-duration",
					forDuration);
		}

	}

	/**
	 * Settings for VirtualThreadsPinned and VirtualThreadSubmitFailed.
	 */
	public static class VirtualThreads {

		/**
		 * Seconds per second that an instance's virtual threads spend pinned to their
		 * carrier threads (only pins of 20 ms and longer are recorded) above which
		 * VirtualThreadsPinned fires: 0.1 is one carrier thread held a tenth of the time.
		 */
		private double pinnedThreshold = 0.1;

		/** How long pinning must stay above the threshold before the alert fires. */
		private Duration forDuration = Duration.ofMinutes(10);

		/**
		 * Window within which any failed start or unpark of a virtual thread fires
		 * VirtualThreadSubmitFailed.
		 */
		private Duration window = Duration.ofMinutes(10);

		public double getPinnedThreshold() {
			return this.pinnedThreshold;
		}

		public void setPinnedThreshold(double pinnedThreshold) {
			if (!(pinnedThreshold > 0) || Double.isInfinite(pinnedThreshold)) {
				throw new IllegalArgumentException(
						"observability.alerting.virtual-threads.pinned-threshold must be a positive number of "
								+ "seconds per second (was " + pinnedThreshold + ")");
			}
			this.pinnedThreshold = pinnedThreshold;
		}

		public Duration getForDuration() {
			return this.forDuration;
		}

		public void setForDuration(Duration forDuration) {
			this.forDuration = PropertyChecks.zeroOrPositive("observability.alerting.virtual-threads.for-duration",
					forDuration);
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = PropertyChecks.positive("observability.alerting.virtual-threads.window", window);
		}

	}

	/**
	 * Settings for RecentDeploy.
	 */
	public static class Deploy {

		/**
		 * How long RecentDeploy stays active after target_info shows a new version or
		 * commit.
		 */
		private Duration window = Duration.ofMinutes(30);

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = PropertyChecks.positive("observability.alerting.deploy.window", window);
		}

	}

	/**
	 * Settings for the alerts on the starter's own counters.
	 */
	public static class Starter {

		/** Window over which the starter's own counters are watched. */
		private Duration window = Duration.ofMinutes(10);

		/**
		 * Failed scrape authentications per window above which ScrapeAuthFailures fires.
		 */
		private int scrapeAuthFailureThreshold = 5;

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = PropertyChecks.positive("observability.alerting.starter.window", window);
		}

		public int getScrapeAuthFailureThreshold() {
			return this.scrapeAuthFailureThreshold;
		}

		public void setScrapeAuthFailureThreshold(int scrapeAuthFailureThreshold) {
			if (scrapeAuthFailureThreshold < 0) {
				throw new IllegalArgumentException("must be zero or positive (was " + scrapeAuthFailureThreshold + ")");
			}
			this.scrapeAuthFailureThreshold = scrapeAuthFailureThreshold;
		}

	}

}
