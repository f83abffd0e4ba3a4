package dev.observability.endpoint;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

class PathPrefixGuardTests {

	private final AtomicInteger fullMatches = new AtomicInteger();

	private final RequestMatcher full = (request) -> {
		this.fullMatches.incrementAndGet();
		return true;
	};

	private final PathPrefixGuard guard = new PathPrefixGuard(List.of("/actuator/prometheus", "/actuator/metrics"),
			this.full);

	@Test
	void aPlainApplicationPathIsRefusedWithoutTheFullMatcher() {
		assertThat(this.guard.matches(request("", "/api/users/42"))).isFalse();
		assertThat(this.guard.matches(request("", "/actuator/health"))).isFalse();
		assertThat(this.fullMatches).hasValue(0);
	}

	@Test
	void aPathUnderAPrefixGoesToTheFullMatcher() {
		assertThat(this.guard.matches(request("", "/actuator/prometheus"))).isTrue();
		assertThat(this.guard.matches(request("", "/actuator/metrics/jvm.threads.live"))).isTrue();
		assertThat(this.fullMatches).hasValue(2);
	}

	@Test
	void theContextPathIsSkipped() {
		assertThat(this.guard.matches(request("/shop", "/shop/actuator/prometheus"))).isTrue();
		assertThat(this.guard.matches(request("/shop", "/shop/api/users/42"))).isFalse();
		assertThat(this.fullMatches).hasValue(1);
	}

	@Test
	void anythingAPatternMatcherWouldDecodeOrNormalizeGoesToTheFullMatcher() {
		for (String uri : List.of("/actuator/%70rometheus", "/actuator;x=y/prometheus", "//actuator/prometheus",
				"/api/../actuator/prometheus", "/actuator/./prometheus", "/actuator\\prometheus")) {
			assertThat(this.guard.matches(request("", uri))).as(uri).isTrue();
		}
		assertThat(this.fullMatches).hasValue(6);
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return request;
	}

}
