package dev.observability.errors;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Finds the rule of an exception class by class name, subclasses included, so that rules
 * can name classes of optional libraries without loading them. The most specific class
 * wins: the class itself, then its superclasses, then the interfaces of all of them.
 * Results are cached per class, so the type hierarchy is walked once per exception type.
 *
 * @param <R> the rule type
 */
final class ClassNameRules<R> {

	private final Map<String, R> rulesByClassName;

	private final ClassValue<Match<R>> cache = new ClassValue<>() {
		@Override
		protected Match<R> computeValue(Class<?> type) {
			return new Match<>(find(type));
		}
	};

	ClassNameRules(Map<String, R> rulesByClassName) {
		this.rulesByClassName = Map.copyOf(rulesByClassName);
	}

	/**
	 * Returns the rule of the given class or of its nearest supertype that has one, or
	 * {@code null}.
	 */
	@Nullable R ruleFor(Class<?> type) {
		return this.cache.get(type).rule();
	}

	private @Nullable R find(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			R rule = this.rulesByClassName.get(candidate.getName());
			if (rule != null) {
				return rule;
			}
		}
		return findInInterfaces(type);
	}

	private @Nullable R findInInterfaces(Class<?> type) {
		Deque<Class<?>> pending = new ArrayDeque<>();
		Set<Class<?>> seen = new HashSet<>();
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			for (Class<?> anInterface : candidate.getInterfaces()) {
				pending.add(anInterface);
			}
		}
		while (!pending.isEmpty()) {
			Class<?> candidate = pending.poll();
			if (seen.add(candidate)) {
				R rule = this.rulesByClassName.get(candidate.getName());
				if (rule != null) {
					return rule;
				}
				for (Class<?> anInterface : candidate.getInterfaces()) {
					pending.add(anInterface);
				}
			}
		}
		return null;
	}

	/** Wraps a possibly absent rule: {@link ClassValue} cannot hold {@code null}. */
	private record Match<R>(@Nullable R rule) {
	}

}
