package dev.observability.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the route label is decided.
 */
class RouteResolverTests {

	private final RouteTemplateMatcher templates = new RouteTemplateMatcher(
			() -> List.of("/api/users/{id}", "/api/users/me", "/api/**", "not a [valid pattern"));

	@Test
	void patternMatchedByTheDispatcherWins() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/42");
		request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/users/{id}");
		assertThat(new RouteResolver(this.templates, 10).resolve(request, 200)).isEqualTo("/api/users/{id}");
	}

	@Test
	void withoutTheDispatcherTheMostSpecificTemplateIsUsed() {
		RouteResolver resolver = new RouteResolver(this.templates, 10);
		assertThat(resolver.resolve(new MockHttpServletRequest("GET", "/api/users/42"), 401))
			.isEqualTo("/api/users/{id}");
		assertThat(resolver.resolve(new MockHttpServletRequest("GET", "/api/users/me"), 401))
			.isEqualTo("/api/users/me");
		assertThat(resolver.resolve(new MockHttpServletRequest("GET", "/api/other/x"), 403)).isEqualTo("/api/**");
	}

	@Test
	void contextPathIsNotPartOfTheRoute() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/shop/api/users/42");
		request.setContextPath("/shop");
		assertThat(new RouteResolver(this.templates, 10).resolve(request, 401)).isEqualTo("/api/users/{id}");
	}

	@Test
	void noMatchIsNotFoundFor404AndUnmatchedOtherwise() {
		RouteResolver resolver = new RouteResolver(this.templates, 10);
		assertThat(resolver.resolve(new MockHttpServletRequest("GET", "/nope"), 404)).isEqualTo("NOT_FOUND");
		assertThat(resolver.resolve(new MockHttpServletRequest("GET", "/nope"), 401)).isEqualTo("UNMATCHED");
		MockHttpServletRequest resource = new MockHttpServletRequest("GET", "/favicon.ico");
		resource.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/**");
		assertThat(resolver.resolve(resource, 404)).isEqualTo("NOT_FOUND");
	}

	@Test
	void routesPastTheCapBecomeOther() {
		RouteResolver resolver = new RouteResolver(null, 2);
		assertThat(resolve(resolver, "/a")).isEqualTo("/a");
		assertThat(resolve(resolver, "/b")).isEqualTo("/b");
		assertThat(resolve(resolver, "/c")).isEqualTo("OTHER");
		assertThat(resolve(resolver, "/a")).isEqualTo("/a");
	}

	@Test
	void unparseablePathIsSimplyUnmatched() {
		RouteResolver resolver = new RouteResolver(this.templates, 10);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "");
		request.setRequestURI(null);
		assertThat(resolver.resolve(request, 400)).isEqualTo("UNMATCHED");
	}

	private static String resolve(RouteResolver resolver, String pattern) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", pattern);
		request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
		return resolver.resolve(request, 200);
	}

}
