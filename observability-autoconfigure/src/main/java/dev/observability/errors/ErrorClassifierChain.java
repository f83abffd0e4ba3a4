package dev.observability.errors;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies exceptions with an ordered list of {@link ErrorClassifier classifiers}: the
 * first classifier that has an opinion on any exception of the cause chain decides, and
 * what nothing matches is {@link ErrorCode#UNKNOWN}. Pure wrappers
 * ({@code ExecutionException}, {@code CompletionException},
 * {@code UndeclaredThrowableException}, {@code InvocationTargetException}) are skipped in
 * the chain.
 * <p>
 * A classifier that throws does not stop the classification: the exception is reported as
 * {@link ErrorCode#UNKNOWN} and the failure is logged once per classifier type.
 */
public class ErrorClassifierChain {

	private static final Logger logger = LoggerFactory.getLogger(ErrorClassifierChain.class);

	/** Guards against cause cycles and absurdly deep chains. */
	private static final int MAX_DEPTH = 32;

	private final ErrorClassifier[] classifiers;

	private final Set<Class<?>> failedClassifiers = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the chain.
	 * @param classifiers the classifiers, in the order they are consulted
	 */
	public ErrorClassifierChain(List<? extends ErrorClassifier> classifiers) {
		this.classifiers = classifiers.toArray(new ErrorClassifier[0]);
	}

	/**
	 * The chain of the standard classifier alone: what every protocol classifies with
	 * when the application brings no classifier of its own.
	 * @return a new chain
	 */
	public static ErrorClassifierChain standard() {
		return new ErrorClassifierChain(List.of(new StandardErrorClassifier()));
	}

	/**
	 * Classifies an exception. Never throws.
	 * @param exception the exception
	 * @return its code and the exception of the cause chain that decided it
	 */
	public ErrorClassification classify(Throwable exception) {
		List<Throwable> chain = causeChain(exception);
		for (ErrorClassifier classifier : this.classifiers) {
			for (Throwable candidate : chain) {
				ErrorCode code;
				try {
					code = classifier.classify(candidate);
				}
				catch (RuntimeException | LinkageError | StackOverflowError ex) {
					logOnce(classifier, ex);
					return new ErrorClassification(ErrorCode.UNKNOWN, chain.get(0));
				}
				if (code != null) {
					return new ErrorClassification(code, candidate);
				}
			}
		}
		return new ErrorClassification(ErrorCode.UNKNOWN, chain.get(0));
	}

	/**
	 * Classifies an HTTP response that carries no exception.
	 * @param status the response status
	 * @return its code
	 */
	public ErrorCode classify(int status) {
		return ErrorCode.forHttpStatus(status);
	}

	/**
	 * The chain from the outermost exception inwards, without pure wrappers that have a
	 * cause.
	 */
	private static List<Throwable> causeChain(Throwable exception) {
		List<Throwable> chain = new ArrayList<>(4);
		Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (containsSame(chain, current)) {
				break;
			}
			if (!isWrapper(current) || current.getCause() == null) {
				chain.add(current);
			}
			current = current.getCause();
		}
		if (chain.isEmpty()) {
			chain.add(exception);
		}
		return chain;
	}

	private static boolean containsSame(List<Throwable> chain, Throwable candidate) {
		for (Throwable element : chain) {
			if (element == candidate) {
				return true;
			}
		}
		return false;
	}

	private static boolean isWrapper(Throwable exception) {
		return exception instanceof ExecutionException || exception instanceof CompletionException
				|| exception instanceof UndeclaredThrowableException || exception instanceof InvocationTargetException;
	}

	private void logOnce(ErrorClassifier classifier, Throwable failure) {
		if (this.failedClassifiers.add(classifier.getClass())) {
			logger.warn("Error classifier {} failed; the exceptions it fails on are reported as UNKNOWN",
					classifier.getClass().getName(), failure);
		}
	}

	/** Returns a short description of the classifiers, for diagnostics. */
	@Override
	public String toString() {
		return "ErrorClassifierChain" + List.of(this.classifiers);
	}

}
