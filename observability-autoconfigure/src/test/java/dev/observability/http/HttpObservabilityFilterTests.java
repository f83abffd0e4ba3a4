package dev.observability.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The filter on its own, without a Spring context.
 */
class HttpObservabilityFilterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final HttpObservabilityFilter filter = new HttpObservabilityFilter(
			new HttpRequestMetrics(this.registry, List.of()), new RouteResolver(null, 100), HttpServerTracing.NONE,
			new AccessLogWriter(AccessLogMode.OFF, java.time.Duration.ofSeconds(1)), List.of());

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void mdcHoldsTheLabelsDuringTheRequestAndIsRestoredAfterwards() throws Exception {
		MDC.put("method", "outer");
		AtomicReference<Map<String, String>> during = new AtomicReference<>();
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		this.filter.doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
					@Override
					protected void service(jakarta.servlet.http.HttpServletRequest req,
							jakarta.servlet.http.HttpServletResponse res) {
						req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/orders");
						during.set(MDC.getCopyOfContextMap());
					}
				}));
		assertThat(during.get()).containsEntry("method", "POST");
		assertThat(MDC.get("method")).isEqualTo("outer");
		assertThat(MDC.get("route")).isNull();
		assertThat(MDC.get("code")).isNull();
		assertThat(this.registry.get(HttpRequestMetrics.REQUESTS)
			.tags("method", "POST", "route", "/api/orders", "code", "200")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void exceptionEscapingTheChainIsRecordedAs500AndRethrown() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/boom");
		MockFilterChain chain = new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res)
					throws ServletException {
				throw new ServletException("boom");
			}
		};
		assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> this.filter.doFilter(request, new MockHttpServletResponse(), chain));
		assertThat(this.registry.get(HttpRequestMetrics.REQUESTS)
			.tags("code", "500", "route", "UNMATCHED")
			.counter()
			.count()).isEqualTo(1);
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	@Test
	void failingExceptionListenerNeverChangesTheOutcome() throws Exception {
		HttpObservabilityFilter withListener = new HttpObservabilityFilter(
				new HttpRequestMetrics(this.registry, List.of()), new RouteResolver(null, 100), HttpServerTracing.NONE,
				new AccessLogWriter(AccessLogMode.OFF, java.time.Duration.ofSeconds(1)),
				List.<HttpExceptionListener>of((exception, handled, status) -> {
					throw new IllegalStateException("listener bug");
				}));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders/1");
		request.setAttribute(HandlerExceptionRecorder.EXCEPTION_ATTRIBUTE, new IllegalArgumentException("bad"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(400);
		withListener.doFilter(request, response, new MockFilterChain());
		assertThat(this.registry.get(HttpRequestMetrics.REQUESTS).tags("code", "400").counter().count()).isEqualTo(1);
	}

	@Test
	void nonStandardMethodIsBoundedToOther() throws Exception {
		this.filter.doFilter(new MockHttpServletRequest("BREW", "/coffee"), new MockHttpServletResponse(),
				new MockFilterChain());
		assertThat(this.registry.get(HttpRequestMetrics.REQUESTS).tags("method", "OTHER").counter().count())
			.isEqualTo(1);
	}

}
