package dev.observability.errors;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.observability.core.LabelNames;
import dev.observability.core.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts exceptions in {@code errors_total{source,type,code,exception}}: classifies each
 * exception with the {@link ErrorClassifierChain}, skips business-normal outcomes
 * ({@link ErrorCode#OK}) and increments one counter per label set.
 * <p>
 * Counters are registered once per label set and kept, so counting a known kind of error
 * is one lookup per label, allocating nothing, and an increment. Counting never throws: a
 * failure is logged once and the exception is left to whoever handles it.
 */
public class ErrorCounter {

	/** Meter name; Prometheus shows it as {@code errors_total}. */
	public static final String METER_NAME = "errors";

	/**
	 * Label: where the exception was seen ({@code http}, {@code grpc}, {@code async}, …).
	 */
	public static final String SOURCE = "source";

	/** Label: {@link #PANIC} or {@link #HANDLED}. */
	public static final String TYPE = "type";

	/** Label: simple class name of the exception that decided the code. */
	public static final String EXCEPTION = "exception";

	/** Type of an exception that escaped every handler. */
	public static final String PANIC = "panic";

	/** Type of an exception that an exception handler turned into a response. */
	public static final String HANDLED = "handled";

	private static final Logger logger = LoggerFactory.getLogger(ErrorCounter.class);

	private final MeterRegistry registry;

	private final ErrorClassifierChain classifier;

	private final ExceptionNames exceptionNames;

	/** source → type → code → exception → counter. */
	private final MeterCache<String, MeterCache<String, MeterCache<ErrorCode, MeterCache<String, Counter>>>> counters;

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	/**
	 * Creates the counter.
	 * @param registry where the counters are registered
	 * @param classifier decides the code of each exception
	 * @param maxExceptionNames number of distinct {@code exception} label values kept;
	 * further exception types are counted as {@code OTHER}
	 */
	public ErrorCounter(MeterRegistry registry, ErrorClassifierChain classifier, int maxExceptionNames) {
		this.registry = registry;
		this.classifier = classifier;
		this.exceptionNames = new ExceptionNames(maxExceptionNames);
		this.counters = MeterCache.of((source) -> MeterCache.of((type) -> MeterCache.of(ErrorCode.class,
				(code) -> MeterCache.of((exception) -> register(source, type, code, exception)))));
	}

	/**
	 * Classifies an exception and counts it unless it is a business-normal outcome. Never
	 * throws.
	 * @param source where it was seen: {@code http}, {@code grpc}, {@code async},
	 * {@code scheduled}, {@code thread} or {@code event}
	 * @param type {@link #PANIC} or {@link #HANDLED}
	 * @param exception the exception
	 * @return how the exception was classified
	 */
	public ErrorClassification record(String source, String type, Throwable exception) {
		ErrorClassification classification = classify(exception);
		if (classification.isError()) {
			increment(source, type, classification);
		}
		return classification;
	}

	/**
	 * Counts an exception under a code decided elsewhere: the status a gRPC call was
	 * closed with, which the client received. The classifier still decides whether it is
	 * an error at all (a business-normal outcome is not counted, nor is
	 * {@link ErrorCode#OK}) and which exception of the cause chain names it. Never
	 * throws.
	 * @param source where it was seen
	 * @param type {@link #PANIC} or {@link #HANDLED}
	 * @param exception the exception
	 * @param code the {@code code} label
	 * @return the code and the exception it was counted with
	 */
	public ErrorClassification record(String source, String type, Throwable exception, ErrorCode code) {
		ErrorClassification classification = classify(exception);
		if (!classification.isError()) {
			return classification;
		}
		ErrorClassification decided = new ErrorClassification(code, classification.exception());
		if (decided.isError()) {
			increment(source, type, decided);
		}
		return decided;
	}

	/**
	 * Counts an error response that carries no exception, such as the error status of an
	 * outbound HTTP call, classified by its status; a status whose code is
	 * {@link ErrorCode#OK} is not counted. Never throws.
	 * @param source where it was seen
	 * @param type {@link #PANIC} or {@link #HANDLED}
	 * @param status the HTTP status
	 * @param exceptionName the {@code exception} label: the simple name of the exception
	 * the response stands for
	 * @return the code of the status
	 */
	public ErrorCode recordStatus(String source, String type, int status, String exceptionName) {
		ErrorCode code = this.classifier.classify(status);
		if (code != ErrorCode.OK) {
			increment(source, type, code, exceptionName);
		}
		return code;
	}

	/**
	 * Counts an exception thrown by a task on a decorated executor or scheduler as
	 * {@link #PANIC}, unless the {@code @Async} interceptor or the scheduled-task
	 * observation already counted the same exception on this thread. Never throws.
	 * @param source where the task ran: {@code async} or {@code scheduled}
	 * @param exception what the task threw
	 */
	public void recordTaskPanic(String source, Throwable exception) {
		if (TaskFailureMarks.countedInside(exception, TaskFailureMarks.TASK)) {
			return;
		}
		record(source, PANIC, exception);
		TaskFailureMarks.mark(exception, TaskFailureMarks.TASK);
	}

	/**
	 * Counts an outcome that already carries its canonical code, such as the status of a
	 * gRPC call a client made, unless the code is {@link ErrorCode#OK}. Never throws.
	 * @param source where it was seen
	 * @param type {@link #PANIC} or {@link #HANDLED}
	 * @param code the canonical code
	 * @param exceptionType the exception the outcome stands for, the {@code exception}
	 * label
	 */
	public void record(String source, String type, ErrorCode code, Class<?> exceptionType) {
		if (code != ErrorCode.OK) {
			try {
				increment(source, type, code, this.exceptionNames.nameOf(exceptionType));
			}
			catch (RuntimeException ex) {
				logFailureOnce(ex);
			}
		}
	}

	private ErrorClassification classify(Throwable exception) {
		try {
			return this.classifier.classify(exception);
		}
		catch (RuntimeException ex) {
			logFailureOnce(ex);
			return new ErrorClassification(ErrorCode.UNKNOWN, exception);
		}
	}

	private void increment(String source, String type, ErrorClassification classification) {
		try {
			increment(source, type, classification.code(),
					this.exceptionNames.nameOf(classification.exception().getClass()));
		}
		catch (RuntimeException ex) {
			logFailureOnce(ex);
		}
	}

	private void increment(String source, String type, ErrorCode code, String exceptionName) {
		try {
			this.counters.get(source).get(type).get(code).get(exceptionName).increment();
		}
		catch (RuntimeException ex) {
			logFailureOnce(ex);
		}
	}

	private Counter register(String source, String type, ErrorCode code, String exception) {
		return Counter.builder(METER_NAME)
			.description(
					"Exceptions seen, by where they were seen, whether a handler answered them, canonical code and exception type")
			.tags(Tags.of(SOURCE, source, TYPE, type, LabelNames.CODE, code.name(), EXCEPTION, exception))
			.register(this.registry);
	}

	private void logFailureOnce(RuntimeException failure) {
		if (this.failureLogged.compareAndSet(false, true)) {
			logger.warn("Counting an error failed; further failures are not logged", failure);
		}
	}

	/**
	 * Simple class names, bounded so that a flood of exception types creates no new
	 * series.
	 */
	private static final class ExceptionNames {

		private final int max;

		private final ConcurrentMap<Class<?>, String> names = new ConcurrentHashMap<>();

		ExceptionNames(int max) {
			this.max = max;
		}

		String nameOf(Class<?> type) {
			String name = this.names.get(type);
			if (name != null) {
				return name;
			}
			// The size check is racy by a few entries under contention: good enough for a
			// cap.
			if (this.names.size() >= this.max) {
				return LabelNames.OTHER;
			}
			return this.names.computeIfAbsent(type, ExceptionNames::simpleName);
		}

		private static String simpleName(Class<?> type) {
			String simpleName = type.getSimpleName();
			if (!simpleName.isEmpty()) {
				return simpleName;
			}
			// Anonymous and hidden classes have no simple name: keep the last part of the
			// binary name.
			String name = type.getName();
			return name.substring(name.lastIndexOf('.') + 1);
		}

	}

}
