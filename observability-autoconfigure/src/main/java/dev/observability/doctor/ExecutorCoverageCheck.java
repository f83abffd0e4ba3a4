package dev.observability.doctor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;

import dev.observability.context.ExecutorCoverage;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Pitfall 2: executor and scheduler beans whose tasks do not carry the trace context and
 * MDC ({@code context.uncovered-executors}).
 */
public class ExecutorCoverageCheck implements PitfallCheck {

	static final String ID = "context.uncovered-executors";

	private final ObjectProvider<ExecutorCoverage> coverage;

	private final ListableBeanFactory beanFactory;

	public ExecutorCoverageCheck(ObjectProvider<ExecutorCoverage> coverage, ListableBeanFactory beanFactory) {
		this.coverage = coverage;
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		ExecutorCoverage executors = this.coverage.getIfAvailable();
		if (executors == null) {
			List<String> names = Arrays.asList(this.beanFactory.getBeanNamesForType(Executor.class, false, false));
			if (names.isEmpty()) {
				return List.of(Finding.ok(ID, Pitfall.CONTEXT_LOST, "no executor beans"));
			}
			return List.of(Finding.warn(ID, Pitfall.CONTEXT_LOST,
					"context propagation is off: tasks of " + String.join(", ", names)
							+ " run without the trace context and MDC of their caller",
					"remove observability.context.enabled=false"));
		}
		List<String> uncovered = new ArrayList<>();
		for (String name : executors.uncovered()) {
			// uncovered() names only executors it has a status of
			ExecutorCoverage.Status status = Objects.requireNonNull(executors.statusOf(name));
			uncovered.add(name + " (" + status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
		}
		if (uncovered.isEmpty()) {
			return List.of(Finding.ok(ID, Pitfall.CONTEXT_LOST,
					"every executor seen so far carries context (" + executors.executors().size() + " executor(s))"));
		}
		return List.of(Finding.warn(ID, Pitfall.CONTEXT_LOST,
				"executors whose tasks lose the trace context and MDC: " + String.join(", ", uncovered),
				"for an excluded one, remove it from observability.context.excluded-executors; for a not covered "
						+ "one, declare it as ThreadPoolTaskExecutor, ThreadPoolTaskScheduler or a plain ExecutorService, "
						+ "or set ContextCarryingTaskDecorator as its task decorator"));
	}

}
