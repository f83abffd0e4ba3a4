package dev.observability.errors;

/**
 * The outcome of classifying an exception: its code and the exception of the cause chain
 * that decided it (the {@code exception} label of {@code errors_total}).
 *
 * @param code the canonical code
 * @param exception the exception that decided the code
 */
public record ErrorClassification(ErrorCode code, Throwable exception) {

	/** Whether the exception is a real error, as opposed to a business-normal outcome. */
	public boolean isError() {
		return this.code != ErrorCode.OK;
	}

}
