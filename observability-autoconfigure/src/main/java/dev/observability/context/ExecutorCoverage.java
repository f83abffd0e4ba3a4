package dev.observability.context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which executor beans carry context into their tasks, and how. The pitfall report lists
 * the ones that do not.
 * <p>
 * Executors appear once created; a lazy executor (Boot's {@code applicationTaskExecutor})
 * appears on its first use.
 */
public class ExecutorCoverage {

	private final Map<String, Status> executors = Collections.synchronizedMap(new LinkedHashMap<>());

	/**
	 * How an executor bean was covered.
	 */
	public enum Status {

		/** A Spring executor whose task decorator includes the context decorator. */
		DECORATED,

		/**
		 * A plain {@code Executor}, {@code ExecutorService} or
		 * {@code ScheduledExecutorService} replaced by a wrapper of the same interface.
		 */
		WRAPPED,

		/**
		 * Left alone because its name is in
		 * {@code observability.context.excluded-executors}.
		 */
		EXCLUDED,

		/**
		 * An executor type that can be neither decorated nor wrapped without changing its
		 * type.
		 */
		NOT_COVERED

	}

	void record(String beanName, Status status) {
		this.executors.put(beanName, status);
	}

	/**
	 * Every executor bean seen so far, in creation order.
	 * @return bean name to status
	 */
	public Map<String, Status> executors() {
		synchronized (this.executors) {
			return Collections.unmodifiableMap(new LinkedHashMap<>(this.executors));
		}
	}

	/**
	 * The executor beans whose tasks do not carry context (excluded or not covered).
	 * @return bean names, in creation order
	 */
	public List<String> uncovered() {
		synchronized (this.executors) {
			return this.executors.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == Status.EXCLUDED || entry.getValue() == Status.NOT_COVERED)
				.map(Map.Entry::getKey)
				.toList();
		}
	}

	/**
	 * The status of one executor bean.
	 * @param beanName the bean name
	 * @return its status, or {@code null} when no such executor was seen
	 */
	public @Nullable Status statusOf(String beanName) {
		return this.executors.get(beanName);
	}

}
