package dev.observability.context;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.observability.core.LabelNames;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for carrying trace context and MDC entries across threads.
 */
@ConfigurationProperties("observability.context")
public class ContextPropagationProperties {

	/** MDC keys always carried: the starter's request labels and Boot's trace ids. */
	public static final List<String> DEFAULT_MDC_KEYS = List.of(LabelNames.METHOD, LabelNames.ROUTE, LabelNames.CODE,
			LabelNames.SERVICE, "traceId", "spanId");

	/** What a logging backend accepts as an MDC key without quoting. */
	private static final Pattern MDC_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

	/**
	 * Whether trace context and MDC entries follow tasks into executors, @Async and
	 * scheduled jobs.
	 */
	private boolean enabled = true;

	/**
	 * MDC keys carried into tasks in addition to method, route, code, service, traceId
	 * and spanId.
	 */
	private List<String> mdcKeys = new ArrayList<>();

	/**
	 * Names of executor beans left as they are: neither decorated nor wrapped. Use it for
	 * an executor injected by its concrete class, which a wrapper would no longer be.
	 */
	private Set<String> excludedExecutors = new LinkedHashSet<>();

	/**
	 * Whether the starter turns on Reactor's automatic context propagation
	 * (spring.reactor.context-propagation=auto) unless the application sets that property
	 * itself, so that the current span and the MDC hold in every Reactor operator on
	 * every scheduler.
	 */
	private boolean reactorAutomaticPropagation = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getMdcKeys() {
		return this.mdcKeys;
	}

	public void setMdcKeys(List<String> mdcKeys) {
		for (String key : mdcKeys) {
			if (key == null || !MDC_KEY.matcher(key).matches()) {
				throw new IllegalArgumentException(
						"every MDC key must be a plain name (letters, digits, '_', '.', '-'), was '" + key + "'");
			}
		}
		this.mdcKeys = mdcKeys;
	}

	public Set<String> getExcludedExecutors() {
		return this.excludedExecutors;
	}

	public void setExcludedExecutors(Set<String> excludedExecutors) {
		for (String name : excludedExecutors) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("executor bean names must not be blank");
			}
		}
		this.excludedExecutors = excludedExecutors;
	}

	public boolean isReactorAutomaticPropagation() {
		return this.reactorAutomaticPropagation;
	}

	public void setReactorAutomaticPropagation(boolean reactorAutomaticPropagation) {
		this.reactorAutomaticPropagation = reactorAutomaticPropagation;
	}

	/**
	 * All MDC keys carried into tasks, defaults first, without duplicates.
	 * @return the keys
	 */
	String[] allMdcKeys() {
		Set<String> keys = new LinkedHashSet<>(DEFAULT_MDC_KEYS);
		keys.addAll(this.mdcKeys);
		return keys.toArray(String[]::new);
	}

}
