package dev.observability.errors;

import org.jspecify.annotations.Nullable;

/**
 * Decides the canonical code of an exception. Declare beans of this type to classify your
 * own exceptions: they are consulted in their
 * {@link org.springframework.core.annotation.Order order}, after the mappings of
 * {@code observability.errors.mappings} and before the built-in rules.
 * <p>
 * A classifier sees each exception of the cause chain, outermost first (wrappers such as
 * {@code ExecutionException} already unwrapped), and answers {@code null} when it has no
 * opinion. Return {@link ErrorCode#OK} for a business-normal outcome that is not an
 * error.
 */
@FunctionalInterface
public interface ErrorClassifier {

	/**
	 * Classifies one exception of a cause chain.
	 * @param exception the exception, never {@code null}
	 * @return its code, or {@code null} to leave it to the next classifier
	 */
	@Nullable ErrorCode classify(Throwable exception);

}
