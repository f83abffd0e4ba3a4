package dev.observability.messaging;

import java.util.List;

import dev.observability.errors.ErrorClassifierChain;
import dev.observability.errors.ErrorCode;

/**
 * Classifies what a send failed with or what a listener threw into the canonical code of
 * its measurement, and tells the {@link MessagingExceptionListener}s. Never throws: a
 * failing classifier gives {@code UNKNOWN}, a failing listener is skipped.
 */
public class MessagingFailures {

	private final ErrorClassifierChain classifier;

	private final List<MessagingExceptionListener> listeners;

	/**
	 * Creates the classification.
	 * @param classifier decides the code of an exception
	 * @param listeners told about each failure (none to report nothing)
	 */
	public MessagingFailures(ErrorClassifierChain classifier, List<MessagingExceptionListener> listeners) {
		this.classifier = classifier;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Classifies a failure and reports it.
	 * @param exception the exception
	 * @param publish whether it is a send ({@code false}: a listener invocation)
	 * @return the {@code code} label of the measurement
	 */
	public ErrorCode failed(Throwable exception, boolean publish) {
		ErrorCode code = classify(exception);
		for (MessagingExceptionListener listener : this.listeners) {
			try {
				listener.onException(exception, publish, code);
			}
			catch (RuntimeException ex) {
				// Counting must never change what the producer or the listener sees.
			}
		}
		return code;
	}

	private ErrorCode classify(Throwable exception) {
		try {
			return this.classifier.classify(exception).code();
		}
		catch (RuntimeException ex) {
			return ErrorCode.UNKNOWN;
		}
	}

}
