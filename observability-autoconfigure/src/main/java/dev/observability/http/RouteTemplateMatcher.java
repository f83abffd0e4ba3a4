package dev.observability.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Finds the route template of a request that never reached the dispatcher (for example
 * one that Spring Security answered with 401), by matching its path against the
 * application's mapped patterns and taking the most specific. Used by the servlet and the
 * reactive stack.
 */
public class RouteTemplateMatcher {

	private final Supplier<List<PathPattern>> patterns;

	/**
	 * Creates a matcher.
	 * @param patternSource the route templates of the application, read once on first use
	 * (handler mappings are complete only after the context has started)
	 */
	public RouteTemplateMatcher(Supplier<? extends Collection<String>> patternSource) {
		this.patterns = SingletonSupplier.of(() -> parse(patternSource.get()));
	}

	private static List<PathPattern> parse(Collection<String> templates) {
		List<PathPattern> parsed = new ArrayList<>(templates.size());
		for (String template : templates) {
			try {
				parsed.add(PathPatternParser.defaultInstance.parse(template));
			}
			catch (RuntimeException ex) {
				// A pattern this parser cannot read simply does not take part in
				// matching.
			}
		}
		parsed.sort(PathPattern.SPECIFICITY_COMPARATOR);
		return List.copyOf(parsed);
	}

	/**
	 * Returns the most specific template that matches a path, or {@code null}.
	 * @param pathWithinApplication the request path without the context path; may be null
	 * @return the template, or {@code null}
	 */
	public @Nullable String match(@Nullable String pathWithinApplication) {
		if (pathWithinApplication == null) {
			return null;
		}
		PathContainer container;
		try {
			container = PathContainer.parsePath(pathWithinApplication);
		}
		catch (RuntimeException ex) {
			return null;
		}
		return match(container);
	}

	/**
	 * Returns the most specific template that matches a parsed path, or {@code null}.
	 * @param pathWithinApplication the parsed request path without the context path
	 * @return the template, or {@code null}
	 */
	public @Nullable String match(PathContainer pathWithinApplication) {
		for (PathPattern pattern : this.patterns.get()) {
			if (pattern.matches(pathWithinApplication)) {
				return pattern.getPatternString();
			}
		}
		return null;
	}

}
