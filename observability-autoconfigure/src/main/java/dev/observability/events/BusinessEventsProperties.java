package dev.observability.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for business events.
 */
@ConfigurationProperties("observability.events")
public class BusinessEventsProperties {

	/** Largest accepted queue capacity. */
	static final int MAX_QUEUE_CAPACITY = 1 << 24;

	/** Whether the starter installs the business event recorder. */
	private boolean enabled = true;

	/**
	 * Events that are counted in business_events_total (after the naming namespace),
	 * logged and added to the current span, for example checkout_submit. Each must be a
	 * valid event name.
	 */
	private List<String> allowed = new ArrayList<>();

	/**
	 * What happens to a valid event name that is not on the allowlist: reject or sample.
	 */
	private NotAllowedAction notAllowed = NotAllowedAction.REJECT;

	/**
	 * Fraction of not-allowed events kept when not-allowed is "sample", between 0 and 1;
	 * kept events are logged and counted as event "OTHER", the rest as dropped with
	 * reason sampled_out.
	 */
	private double sampleRate = 0.01;

	/** Longest accepted event name; longer names are dropped with reason invalid_name. */
	private int maxNameLength = 64;

	/**
	 * Prefixes no event name may start with; such names are dropped with reason
	 * invalid_name.
	 */
	private List<String> reservedPrefixes = new ArrayList<>(List.of("framework_"));

	/**
	 * Events waiting to be logged at most; when it is full, events are still counted but
	 * their log line is dropped with reason queue_full.
	 */
	private int queueCapacity = 8192;

	/**
	 * How long shutdown waits for queued events to be written; the rest is counted as
	 * queue_full.
	 */
	private Duration drainTimeout = Duration.ofSeconds(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowed() {
		return this.allowed;
	}

	public void setAllowed(List<String> allowed) {
		this.allowed = allowed;
	}

	public NotAllowedAction getNotAllowed() {
		return this.notAllowed;
	}

	public void setNotAllowed(NotAllowedAction notAllowed) {
		this.notAllowed = notAllowed;
	}

	public double getSampleRate() {
		return this.sampleRate;
	}

	public void setSampleRate(double sampleRate) {
		if (!(sampleRate >= 0 && sampleRate <= 1)) {
			throw new IllegalArgumentException("must be between 0 and 1 (was " + sampleRate + ")");
		}
		this.sampleRate = sampleRate;
	}

	public int getMaxNameLength() {
		return this.maxNameLength;
	}

	public void setMaxNameLength(int maxNameLength) {
		if (maxNameLength < 1 || maxNameLength > 200) {
			throw new IllegalArgumentException("must be between 1 and 200 (was " + maxNameLength + ")");
		}
		this.maxNameLength = maxNameLength;
	}

	public List<String> getReservedPrefixes() {
		return this.reservedPrefixes;
	}

	public void setReservedPrefixes(List<String> reservedPrefixes) {
		this.reservedPrefixes = reservedPrefixes;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
			throw new IllegalArgumentException(
					"must be between 1 and " + MAX_QUEUE_CAPACITY + " (was " + queueCapacity + ")");
		}
		this.queueCapacity = queueCapacity;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = PropertyChecks.zeroOrPositive("observability.events.drain-timeout", drainTimeout);
	}

	/**
	 * Checks the allowlist against the name rules, so a typo fails at startup instead of
	 * silently never counting.
	 * @return the name check the allowlist passed
	 */
	EventNameCheck validatedNameCheck() {
		EventNameCheck check = new EventNameCheck(this.maxNameLength, this.reservedPrefixes);
		for (int i = 0; i < this.allowed.size(); i++) {
			String problem = check.problem(this.allowed.get(i));
			if (problem != null) {
				throw new IllegalArgumentException("observability.events.allowed[" + i + "] '" + this.allowed.get(i)
						+ "' is not a valid event name: " + problem);
			}
		}
		return check;
	}

}
