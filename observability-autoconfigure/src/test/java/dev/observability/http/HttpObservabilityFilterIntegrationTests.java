package dev.observability.http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import dev.observability.http.testapp.HttpTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The filter in a real application on Tomcat, driven over real HTTP.
 */
class HttpObservabilityFilterIntegrationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	private static MeterRegistry registry;

	@BeforeAll
	static void startApplication() {
		context = new SpringApplicationBuilder(HttpTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
					"management.endpoints.web.exposure.include=prometheus", "spring.main.banner-mode=off",
					"observability.http.max-routes=8", "server.max-http-request-header-size=32KB",
					// The scrape endpoint is open here: these tests are about the filter,
					// not about scrape security.
					"observability.endpoint.auth.enabled=false")
			.run();
		http = new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort());
		registry = context.getBean(MeterRegistry.class);
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@BeforeEach
	void clearSpans() {
		HttpTestApplication.SPANS.reset();
	}

	@Test
	void countsAreExactUnderConcurrency() throws Exception {
		double before = requestCount("GET", "/api/users/{id}", "200");
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 5_000; i++) {
				int id = i % 100;
				statuses.add(clients.submit(() -> http.get("/api/users/" + id).statusCode()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdown();
		}
		awaitCount("GET", "/api/users/{id}", "200", before + 5_000);
		Timer timer = registry.find(HttpRequestMetrics.DURATION)
			.tags("method", "GET", "route", "/api/users/{id}", "code", "200")
			.timer();
		assertThat(timer).isNotNull();
		assertThat(timer.count()).isEqualTo((long) requestCount("GET", "/api/users/{id}", "200"));
	}

	@Test
	void routeIsTheTemplateFor200And404And500() {
		assertThat(http.get("/api/users/7").statusCode()).isEqualTo(200);
		assertThat(http.get("/api/users/404").statusCode()).isEqualTo(404);
		assertThat(http.get("/api/boom").statusCode()).isEqualTo(500);
		await().untilAsserted(() -> {
			assertThat(requestCount("GET", "/api/users/{id}", "200")).isPositive();
			assertThat(requestCount("GET", "/api/users/{id}", "404")).isPositive();
			assertThat(requestCount("GET", "/api/boom", "500")).isPositive();
		});
		assertThat(registry.find(HttpRequestMetrics.REQUESTS).tag("route", "/api/users/7").counter()).isNull();
	}

	@Test
	void requestRejectedBySecurityStillGetsItsRouteTemplate() {
		double before = requestCount("GET", "/api/private/{id}", "401");
		assertThat(http.get("/api/private/42").statusCode()).isEqualTo(401);
		awaitCount("GET", "/api/private/{id}", "401", before + 1);
		String credentials = Base64.getEncoder().encodeToString("alice:secret".getBytes());
		assertThat(http.get("/api/private/42", Map.of("Authorization", "Basic " + credentials)).statusCode())
			.isEqualTo(200);
		awaitCount("GET", "/api/private/{id}", "200", 1);
	}

	@Test
	void unknownPathIsNotFoundAndRandomPathsCreateNoSeries() {
		int seriesBefore = registry.find(HttpRequestMetrics.REQUESTS).counters().size();
		double before = requestCount("GET", RouteResolver.NOT_FOUND, "404");
		for (int i = 0; i < 300; i++) {
			assertThat(http.get("/random/" + ThreadLocalRandom.current().nextLong() + "/x" + i).statusCode())
				.isEqualTo(404);
		}
		awaitCount("GET", RouteResolver.NOT_FOUND, "404", before + 300);
		assertThat(registry.find(HttpRequestMetrics.REQUESTS).counters().size()).isLessThanOrEqualTo(seriesBefore + 1);
	}

	@Test
	void routesPastTheCapAreRecordedAsOther() {
		// max-routes=8: the test routes below and those of other tests exceed it
		// together.
		for (String path : List.of("/api/users/1", "/api/boom", "/api/private/1", "/api/async/1", "/api/static/a",
				"/api/static/b", "/api/static/c", "/actuator/prometheus")) {
			http.get(path);
		}
		assertThat(registry.find(HttpRequestMetrics.REQUESTS).tag("route", "OTHER").counters()).isNotEmpty();
		long distinctRoutes = registry.find(HttpRequestMetrics.REQUESTS)
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag("route"))
			.filter((route) -> route.startsWith("/"))
			.distinct()
			.count();
		assertThat(distinctRoutes).isLessThanOrEqualTo(8);
	}

	@Test
	void asyncRequestIsMeasuredWhenItCompletes() {
		double before = requestCount("GET", "/api/async/{id}", "200");
		HttpResponse<String> response = http.get("/api/async/3");
		assertThat(response.body()).isEqualTo("async 3");
		awaitCount("GET", "/api/async/{id}", "200", before + 1);
		Timer timer = registry.find(HttpRequestMetrics.DURATION).tags("route", "/api/async/{id}").timer();
		assertThat(timer.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
		serverSpans(1);
	}

	@Test
	void incomingTraceparentIsContinued() {
		http.get("/api/users/5", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01"));
		SpanData span = singleServerSpan();
		assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
		assertThat(span.getName()).isEqualTo("GET /api/users/{id}");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
	}

	@Test
	void malformedTraceparentStartsAFreshTraceAndNeverFailsTheRequest() {
		String garbage = "x".repeat(8 * 1024 - 16);
		HttpResponse<String> response = http.get("/api/users/5", Map.of("traceparent", garbage));
		assertThat(response.statusCode()).isEqualTo(200);
		HttpResponse<String> invalid = http.get("/api/users/5",
				Map.of("traceparent", "00-00000000000000000000000000000000-" + PARENT_SPAN_ID + "-01"));
		assertThat(invalid.statusCode()).isEqualTo(200);
		List<SpanData> spans = serverSpans(2);
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.getTraceId()).isNotEqualTo("00000000000000000000000000000000");
			assertThat(span.getParentSpanContext().isValid()).isFalse();
		});
	}

	@Test
	void exactlyOneServerSpanPerRequestAndBootsTimerIsGone() {
		http.get("/api/users/1");
		http.get("/api/boom");
		http.get("/api/private/1");
		List<SpanData> spans = serverSpans(3);
		assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(3);
		assertThat(registry.find("http.server.requests").meters()).isEmpty();
	}

	@Test
	void serverErrorMarksTheSpanAsErrorWithTheException() {
		http.get("/api/boom");
		SpanData span = singleServerSpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(span.getAttributes().asMap().toString()).contains("http.response.status_code=500");
	}

	@Test
	void oddInputIsMeasuredSafely() {
		assertThat(http.send("FOO", "/api/users/1", Map.of()).statusCode()).isLessThan(500);
		assertThat(registry.find(HttpRequestMetrics.REQUESTS).tag("method", "OTHER").counters()).isNotEmpty();
		assertThat(http.get("/api/users/%C3%A9t%C3%A9").statusCode()).isEqualTo(400);
		assertThat(http.get("/caf%C3%A9/" + "a".repeat(4000)).statusCode()).isEqualTo(404);
		assertThat(registry.find(HttpRequestMetrics.REQUESTS)
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag("route"))
			.filter((route) -> route.contains("caf") || route.contains("%"))).isEmpty();
	}

	@Test
	void sampledRequestsLeaveTraceIdExemplarsOnLatencyBuckets() {
		http.get("/api/users/9");
		String scrape = http.get("/actuator/prometheus", Map.of("Accept", "application/openmetrics-text")).body();
		assertThat(scrape).containsPattern(
				"http_request_duration_seconds_bucket\\{code=\"200\",method=\"GET\",route=\"/api/users/\\{id}\",le=\"[^\"]+\"} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
	}

	/**
	 * The response reaches the client a moment before the filter records it: wait for the
	 * count.
	 */
	private static void awaitCount(String method, String route, String code, double expected) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(requestCount(method, route, code)).isEqualTo(expected));
	}

	private static double requestCount(String method, String route, String code) {
		Counter counter = registry.find(HttpRequestMetrics.REQUESTS)
			.tags("method", method, "route", route, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * Spans end after the response has been flushed to the client: wait until the
	 * expected number have ended, and stay that number for a moment, so that a second
	 * span per request would show.
	 */
	private static List<SpanData> serverSpans(int expected) {
		await().during(Duration.ofMillis(100))
			.atMost(Duration.ofSeconds(10))
			.until(() -> finishedServerSpans().size() == expected);
		return finishedServerSpans();
	}

	private static List<SpanData> finishedServerSpans() {
		return HttpTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.toList();
	}

	private static SpanData singleServerSpan() {
		return serverSpans(1).get(0);
	}

}
