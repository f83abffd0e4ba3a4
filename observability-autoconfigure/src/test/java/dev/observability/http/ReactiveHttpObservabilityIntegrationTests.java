package dev.observability.http;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
import dev.observability.doctor.PitfallDoctor;
import dev.observability.doctor.PitfallReport;
import dev.observability.doctor.FindingSeverity;
import dev.observability.http.reactiveapp.ReactiveHttpTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reactive measurement in a real WebFlux application on Reactor Netty, driven over
 * real HTTP.
 */
class ReactiveHttpObservabilityIntegrationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	private static int port;

	private static MeterRegistry registry;

	@BeforeAll
	static void startApplication() {
		context = new SpringApplicationBuilder(ReactiveHttpTestApplication.class)
			.properties("spring.main.web-application-type=reactive", "server.port=0", "server.address=127.0.0.1",
					"management.tracing.sampling.probability=1.0",
					"management.endpoints.web.exposure.include=prometheus", "spring.main.banner-mode=off",
					"observability.http.max-routes=12", "server.max-http-request-header-size=32KB",
					"observability.endpoint.auth.enabled=false",
					"observability.errors.install-uncaught-exception-handler=false")
			.run();
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
		http = new TestHttp(port);
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
		awaitQuiet();
		ReactiveHttpTestApplication.SPANS.reset();
	}

	@Test
	void countsAreExactUnderConcurrency() throws Exception {
		double before = requestCount("GET", "/api/users/{id}", "200");
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 2_000; i++) {
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
		awaitCount("GET", "/api/users/{id}", "200", before + 2_000);
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
		String credentials = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
		double authorized = requestCount("GET", "/api/private/{id}", "200");
		assertThat(http.get("/api/private/42", Map.of("Authorization", "Basic " + credentials)).statusCode())
			.isEqualTo(200);
		awaitCount("GET", "/api/private/{id}", "200", authorized + 1);
	}

	@Test
	void unknownPathIsNotFoundAndRandomPathsCreateNoSeries() {
		http.get("/random/warm-up");
		awaitQuiet();
		int seriesBefore = registry.find(HttpRequestMetrics.REQUESTS).counters().size();
		double before = requestCount("GET", RouteResolver.NOT_FOUND, "404");
		for (int i = 0; i < 300; i++) {
			assertThat(http.get("/random/" + ThreadLocalRandom.current().nextLong() + "/x" + i).statusCode())
				.isEqualTo(404);
		}
		awaitCount("GET", RouteResolver.NOT_FOUND, "404", before + 300);
		assertThat(registry.find(HttpRequestMetrics.REQUESTS).counters().size()).isLessThanOrEqualTo(seriesBefore);
	}

	/**
	 * 5,000 by default; {@code -Dobservability.test.flood=100000} for the full flood of
	 * issue 17.
	 */
	@Test
	void aFloodOfRandomPathsAddsNoSeries() {
		int flood = Integer.getInteger("observability.test.flood", 5_000);
		// Through the application's real HttpHandler without the network, so the flood is
		// quick.
		HttpHandler handler = context.getBean(HttpHandler.class);
		http.get("/random/warm-up");
		awaitQuiet();
		int seriesBefore = httpSeries();
		double before = requestCount("GET", RouteResolver.NOT_FOUND, "404");
		for (int i = 0; i < flood; i++) {
			if (i % 1_000 == 0) {
				ReactiveHttpTestApplication.SPANS.reset();
			}
			String path = "/" + Long.toString(ThreadLocalRandom.current().nextLong(), 36) + "/" + i + "/\u00e9t\u00e9";
			MockServerHttpResponse response = new MockServerHttpResponse();
			handler.handle(MockServerHttpRequest.get(path).build(), response).block(Duration.ofSeconds(30));
			assertThat(response.getStatusCode().value()).isEqualTo(404);
		}
		assertThat(requestCount("GET", RouteResolver.NOT_FOUND, "404")).isEqualTo(before + flood);
		assertThat(httpSeries()).isEqualTo(seriesBefore);
		// Each request completed on this thread, inside its own subscription: nothing
		// stays behind.
		assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isFalse();
		assertThat(org.slf4j.MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	@Test
	void theThreadThatSubscribesToARequestIsLeftWithoutItsSpanOrLabels() {
		// Through the real HttpHandler on this thread: a 404 completes here or on a
		// resource
		// lookup's thread, sometimes while subscribe() is still running.
		HttpHandler handler = context.getBean(HttpHandler.class);
		for (int i = 0; i < 500; i++) {
			MockServerHttpResponse response = new MockServerHttpResponse();
			handler.handle(MockServerHttpRequest.get("/random/subscribed/" + i).build(), response)
				.block(Duration.ofSeconds(30));
			assertThat(response.getStatusCode().value()).isEqualTo(404);
			assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid())
				.as("span current after request %d", i)
				.isFalse();
			assertThat(org.slf4j.MDC.get("route")).as("route in the MDC after request %d", i).isNull();
		}
	}

	@Test
	void exceptionThatEscapesEveryHandlerIsAPanicAndMarksTheSpan() {
		double before = errorCount("panic", "IllegalStateException");
		assertThat(http.get("/api/boom").statusCode()).isEqualTo(500);
		await().untilAsserted(() -> assertThat(errorCount("panic", "IllegalStateException")).isEqualTo(before + 1));
		SpanData span = singleServerSpan();
		assertThat(span.getName()).isEqualTo("GET /api/boom");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
	}

	@Test
	void exceptionAnsweredByAnExceptionHandlerIsHandled() {
		double before = errorCount("handled", "OrderConflictException");
		assertThat(http.send("POST", "/api/orders/42/cancel", Map.of()).statusCode()).isEqualTo(409);
		await().untilAsserted(() -> assertThat(errorCount("handled", "OrderConflictException")).isEqualTo(before + 1));
		awaitCount("POST", "/api/orders/{id}/cancel", "409", requestCount("POST", "/api/orders/{id}/cancel", "409"));
		assertThat(errorCount("panic", "OrderConflictException")).isZero();
		assertThat(singleServerSpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void incomingTraceparentIsContinuedByExactlyOneServerSpan() {
		http.get("/api/users/5", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01"));
		SpanData span = singleServerSpan();
		assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
		assertThat(span.getName()).isEqualTo("GET /api/users/{id}");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(registry.find("http.server.requests").meters()).isEmpty();
	}

	@Test
	void malformedOrHugeTraceparentStartsAFreshTraceAndNeverFailsTheRequest() {
		HttpResponse<String> huge = http.get("/api/users/5", Map.of("traceparent", "x".repeat(8 * 1024 - 16)));
		assertThat(huge.statusCode()).isEqualTo(200);
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
	void spanAndMdcHoldInEveryOperatorOnEveryScheduler() throws Exception {
		HttpResponse<String> response = http.get("/api/hops/7",
				Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01"));
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> seen = JsonMapper.builder().build().readValue(response.body(), Map.class);
		assertThat(new ArrayList<Object>(seen.keySet())).containsExactly("handler", "publishOn", "subscribeOn", "delay",
				"webClient", "parallel");
		List<String> expected = List.of(TRACE_ID, TRACE_ID, "GET", "/api/hops/{id}");
		for (String hop : List.of("handler", "publishOn", "subscribeOn", "delay", "webClient")) {
			assertThat(seen.get(hop)).as(hop).isEqualTo(expected);
		}
		assertThat((List<?>) seen.get("parallel")).hasSize(4)
			.allSatisfy((item) -> assertThat(item).isEqualTo(String.join("|", expected)));
		// The WebClient call is a child of the server span, and the server continues the
		// same trace.
		List<SpanData> spans = await().until(() -> ReactiveHttpTestApplication.SPANS.getFinishedSpanItems(),
				(items) -> items.stream().filter((span) -> span.getKind() == SpanKind.SERVER).count() == 2);
		assertThat(spans).allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));
	}

	@Test
	void noRequestEverSeesAnotherRequestsContext() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(24);
		try {
			List<Future<String>> checks = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				int id = i;
				checks.add(clients.submit(() -> {
					String traceId = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()))
							+ HexFormat.of().formatHex(longBytes(id + 1));
					HttpResponse<String> response = http.get("/api/echo/" + id,
							Map.of("traceparent", "00-" + traceId + "-" + PARENT_SPAN_ID + "-01"));
					String expected = traceId + " /api/echo/{id}";
					return expected.equals(response.body()) ? "" : "expected " + expected + ", saw " + response.body();
				}));
				if (i % 1_000 == 0) {
					// Interleave requests that hop through every kind of scheduler.
					checks.add(clients.submit(() -> hopsSeeOnlyTheirOwnTrace(id)));
				}
			}
			for (Future<String> check : checks) {
				assertThat(check.get()).isEmpty();
			}
		}
		finally {
			clients.shutdown();
		}
	}

	@Test
	void requestCancelledByTheClientIsCountedOnceAs499() throws Exception {
		double before = requestCount("GET", "/api/never", "499");
		int calls = ReactiveHttpTestApplication.NEVER_CALLS.get();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /api/never HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().until(() -> ReactiveHttpTestApplication.NEVER_CALLS.get() > calls);
		}
		awaitCount("GET", "/api/never", "499", before + 1);
		await().during(Duration.ofMillis(300)).until(() -> requestCount("GET", "/api/never", "499") == before + 1);
	}

	@Test
	void sampledRequestsLeaveTraceIdExemplarsOnLatencyBuckets() {
		http.get("/api/users/9");
		awaitQuiet();
		String scrape = http.get("/actuator/prometheus", Map.of("Accept", "application/openmetrics-text")).body();
		assertThat(scrape).containsPattern(
				"http_request_duration_seconds_bucket\\{code=\"200\",method=\"GET\",route=\"/api/users/\\{id}\",le=\"[^\"]+\"} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
	}

	@Test
	void oddInputIsMeasuredSafely() {
		assertThat(http.send("FOO", "/api/users/1", Map.of()).statusCode()).isLessThan(500);
		assertThat(http.get("/caf%C3%A9/" + "a".repeat(4000)).statusCode()).isEqualTo(404);
		awaitQuiet();
		assertThat(registry.find(HttpRequestMetrics.REQUESTS)
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag("route"))
			.filter((route) -> route.contains("caf") || route.contains("%"))).isEmpty();
		assertThat(registry.find(HttpRequestMetrics.REQUESTS).tag("method", "OTHER").counters()).isNotEmpty();
	}

	@Test
	void pitfallReportJudgesTheReactiveEntry() {
		PitfallReport report = context.getBean(PitfallDoctor.class).report();
		assertThat(report.finding("http.double-measurement")).hasValueSatisfying((finding) -> {
			assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).contains("WebFlux");
		});
		assertThat(report.finding("http.filter-order")).hasValueSatisfying((finding) -> {
			assertThat(finding.severity()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).contains("HttpHandler");
		});
	}

	private static String hopsSeeOnlyTheirOwnTrace(int id) throws Exception {
		String traceId = HexFormat.of().formatHex(longBytes(id + 7)) + HexFormat.of().formatHex(longBytes(id + 11));
		HttpResponse<String> response = http.get("/api/hops/" + (id % 100),
				Map.of("traceparent", "00-" + traceId + "-" + PARENT_SPAN_ID + "-01"));
		Map<?, ?> seen = JsonMapper.builder().build().readValue(response.body(), Map.class);
		for (Map.Entry<?, ?> hop : seen.entrySet()) {
			if (!hop.getValue().toString().contains(traceId) || hop.getValue().toString().contains("null")) {
				return hop.getKey() + " saw " + hop.getValue() + " instead of " + traceId;
			}
		}
		return "";
	}

	private static byte[] longBytes(long value) {
		byte[] bytes = new byte[8];
		for (int i = 7; i >= 0; i--) {
			bytes[i] = (byte) value;
			value >>= 8;
		}
		return bytes;
	}

	private static int httpSeries() {
		return registry.find(HttpRequestMetrics.REQUESTS).meters().size()
				+ registry.find(HttpRequestMetrics.DURATION).meters().size();
	}

	private static void awaitQuiet() {
		double[] last = { -1 };
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			double total = registry.find(HttpRequestMetrics.REQUESTS)
				.counters()
				.stream()
				.mapToDouble(Counter::count)
				.sum();
			boolean quiet = total == last[0];
			last[0] = total;
			return quiet;
		});
	}

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

	private static double errorCount(String type, String exception) {
		Counter counter = registry.find("errors")
			.tags("source", "http", "type", type, "exception", exception)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static List<SpanData> serverSpans(int expected) {
		return await().until(() -> ReactiveHttpTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.toList(), (spans) -> spans.size() >= expected);
	}

	private static SpanData singleServerSpan() {
		List<SpanData> spans = serverSpans(1);
		await().during(Duration.ofMillis(200))
			.until(() -> ReactiveHttpTestApplication.SPANS.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.SERVER)
				.count() == 1);
		return spans.get(0);
	}

}
