package dev.observability.events;

/**
 * What happens to an event that is a valid name but not on the allowlist.
 */
enum NotAllowedAction {

	/** Drop it, counted as {@code not_allowed}. */
	REJECT,

	/**
	 * Keep a fraction of them (logged and added to the span, counted as event
	 * {@code OTHER}); drop the rest, counted as {@code sampled_out}.
	 */
	SAMPLE

}
