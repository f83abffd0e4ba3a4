package dev.observability.errors;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Classifies by the user's mappings from exception class name to code
 * ({@code observability.errors.mappings}), subclasses included. Every entry is checked
 * when the classifier is created, so that a typo fails the application at startup instead
 * of silently never matching.
 */
class MappedErrorClassifier implements ErrorClassifier {

	private final ClassNameRules<ErrorCode> rules;

	/**
	 * Creates the classifier.
	 * @param mappings exception class name to code
	 * @param classLoader the class loader the exception classes are checked with
	 * @throws IllegalStateException naming the first entry whose class is missing, is not
	 * an exception, or has no code
	 */
	MappedErrorClassifier(Map<String, ErrorCode> mappings, @Nullable ClassLoader classLoader) {
		Map<String, ErrorCode> checked = new LinkedHashMap<>();
		mappings.forEach((className, code) -> checked.put(check(className, code, classLoader), code));
		this.rules = new ClassNameRules<>(checked);
	}

	@Override
	public @Nullable ErrorCode classify(Throwable exception) {
		return this.rules.ruleFor(exception.getClass());
	}

	private static String check(String className, @Nullable ErrorCode code, @Nullable ClassLoader classLoader) {
		String name = className.trim();
		if (code == null) {
			throw invalid(className, code, "no code given; use one of " + Arrays.toString(ErrorCode.values()));
		}
		Class<?> type;
		try {
			type = ClassUtils.forName(name, classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw invalid(className, code, "no such class on the classpath");
		}
		if (!Throwable.class.isAssignableFrom(type)) {
			throw invalid(className, code, "the class is not a Throwable");
		}
		return name;
	}

	private static IllegalStateException invalid(String className, @Nullable ErrorCode code, String reason) {
		return new IllegalStateException(
				"Invalid entry in observability.errors.mappings: '" + className + "' -> " + code + ": " + reason);
	}

}
