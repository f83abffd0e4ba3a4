package dev.observability.events;

/**
 * Why a business event was not recorded as such: the {@code reason} label of
 * {@code observability_events_dropped_total}.
 */
enum DropReason {

	/** The event is not on the allowlist and not-allowed events are rejected. */
	NOT_ALLOWED("not_allowed"),

	/** The event is not on the allowlist and sampling did not keep it. */
	SAMPLED_OUT("sampled_out"),

	/**
	 * The event was counted but its log line and span event were not written: the queue
	 * was full, the recorder had stopped, or the queue was not drained before the
	 * shutdown timeout.
	 */
	QUEUE_FULL("queue_full"),

	/**
	 * The name is not a valid event name (snake_case, no reserved prefix, not too long).
	 */
	INVALID_NAME("invalid_name");

	private final String tagValue;

	DropReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/** The value of the {@code reason} label. */
	public String tagValue() {
		return this.tagValue;
	}

}
