package dev.observability.errors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.observability.errors.testapp.ErrorsTestApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code errors_total} and span status in a real application on Tomcat, driven over real
 * HTTP, with real executors, a real scheduler and real threads.
 */
class ErrorsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/**
	 * How long a count must hold still to show that nothing counts the same exception
	 * again.
	 */
	private static final Duration STAYS = Duration.ofMillis(200);

	private static final int REQUESTS = 800;

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static ConfigurableApplicationContext context;

	private static MeterRegistry registry;

	private static int port;

	@BeforeAll
	static void startApplication() {
		context = new SpringApplicationBuilder(ErrorsTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"management.tracing.sampling.probability=1.0",
					"management.endpoints.web.exposure.include=prometheus",
					// The scrape endpoint is open here: these tests are about error
					// counting, not scrape security.
					"observability.endpoint.auth.enabled=false",
					"observability.errors.mappings[" + ErrorsTestApplication.OutOfStockException.class.getName()
							+ "]=OK")
			.run();
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
		registry = context.getBean(MeterRegistry.class);
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void panicsAreCountedByCodeAndExceptionAndFailTheSpan() {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/boom").statusCode()).isEqualTo(500);
		}
		awaitCount(3, "http", "panic", "UNKNOWN", "IllegalStateException");
		assertThat(get("/actuator/prometheus").body()).contains(
				"errors_total{code=\"UNKNOWN\",exception=\"IllegalStateException\",source=\"http\",type=\"panic\"} 3.0");
		assertFailedSpans("GET /boom", 3);
	}

	@Test
	void exceptionsAnsweredByAnExceptionHandlerAreCountedAsHandledAndFailTheSpan() {
		assertThat(get("/orders/7/cancel").statusCode()).isEqualTo(409);
		awaitCount(1, "http", "handled", "UNKNOWN", "OrderConflictException");
		assertFailedSpans("GET /orders/{id}/cancel", 1);
	}

	@Test
	void aWrappedSocketTimeoutIsDeadlineExceeded() {
		assertThat(get("/upstream").statusCode()).isEqualTo(500);
		awaitCount(1, "http", "panic", "DEADLINE_EXCEEDED", "SocketTimeoutException");
		assertFailedSpans("GET /upstream", 1);
	}

	@Test
	void aResponseStatusExceptionIsClassifiedByItsStatus() {
		double before = count("http", "handled", "NOT_FOUND", "ResponseStatusException");
		assertThat(get("/users/42").statusCode()).isEqualTo(404);
		awaitCount(before + 1, "http", "handled", "NOT_FOUND", "ResponseStatusException");
	}

	@Test
	void aBusinessNormalExceptionIsNeitherCountedNorAFailedSpan() {
		assertThat(get("/stock/teapot").statusCode()).isEqualTo(200);
		await().atMost(WAIT).until(() -> !spans("GET /stock/{item}").isEmpty());
		assertThat(spans("GET /stock/{item}"))
			.allSatisfy((span) -> assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR));
		// Counted, if at all, before the span ended.
		assertThat(totalFor("OutOfStockException")).isZero();
	}

	@Test
	void aPanicInAnAsyncMethodIsCountedOnceAndStillReachesTheHandler() {
		assertThat(get("/async").statusCode()).isEqualTo(202);
		await().atMost(WAIT).until(() -> !ErrorsTestApplication.ASYNC_HANDLED.isEmpty());
		assertThat(count("async", "panic", "UNKNOWN", "AsyncJobFailure")).isEqualTo(1);
		assertThat(totalFor("AsyncJobFailure")).isEqualTo(1);
		assertThat(ErrorsTestApplication.ASYNC_HANDLED).singleElement()
			.isInstanceOf(ErrorsTestApplication.AsyncJobFailure.class);
	}

	@Test
	void aFailingScheduledJobIsCountedOnce() {
		ErrorsTestApplication.FAIL_NEXT_JOB.set(true);
		// Once, and it stays once: no second path counts the same failure a moment later.
		await().during(STAYS)
			.atMost(WAIT)
			.until(() -> count("scheduled", "panic", "UNKNOWN", "ScheduledJobFailure") == 1
					&& totalFor("ScheduledJobFailure") == 1);
	}

	@Test
	void aThreadThatDiesOfAnExceptionIsCounted() throws InterruptedException {
		Thread dying = new Thread(() -> {
			throw new ThreadDeathByTest("worker died");
		}, "dying-worker");
		dying.start();
		dying.join();
		assertThat(count("thread", "panic", "UNKNOWN", "ThreadDeathByTest")).isEqualTo(1);
	}

	@Test
	void aTaskThatKillsItsPoolThreadIsCountedOnceAsAsync() {
		Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
		executor.execute(() -> {
			throw new PoolTaskFailure("task failed");
		});
		// Awaitility would otherwise swap in its own default handler while it waits.
		await().dontCatchUncaughtExceptions()
			.during(STAYS)
			.atMost(WAIT)
			.until(() -> count("async", "panic", "UNKNOWN", "PoolTaskFailure") == 1
					&& totalFor("PoolTaskFailure") == 1);
	}

	@Test
	void countsAreExactUnderConcurrency() throws Exception {
		double before = count("http", "handled", "NOT_FOUND", "ResponseStatusException");
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				int id = i;
				statuses.add(clients.submit(() -> get("/users/" + id).statusCode()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isEqualTo(404);
			}
		}
		finally {
			clients.shutdownNow();
		}
		await().during(STAYS)
			.atMost(WAIT)
			.until(() -> count("http", "handled", "NOT_FOUND", "ResponseStatusException") - before == REQUESTS);
	}

	/**
	 * HTTP counts are recorded when the filter completes the request, which can be just
	 * after the client has read the response.
	 */
	private static void awaitCount(double expected, String source, String type, String code, String exception) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(count(source, type, code, exception)).isEqualTo(expected));
	}

	private static void assertFailedSpans(String name, int expected) {
		await().atMost(WAIT).until(() -> spans(name).size() >= expected);
		assertThat(spans(name)).hasSize(expected).allSatisfy((span) -> {
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		});
	}

	private static List<SpanData> spans(String name) {
		return ErrorsTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
	}

	private static double count(String source, String type, String code, String exception) {
		Counter counter = registry.find("errors")
			.tags("source", source, "type", type, "code", code, "exception", exception)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double totalFor(String exception) {
		return registry.find("errors")
			.tag("exception", exception)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static HttpResponse<String> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "text/plain;version=0.0.4, */*")
			.GET()
			.build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static class ThreadDeathByTest extends RuntimeException {

		ThreadDeathByTest(String message) {
			super(message);
		}

	}

	static class PoolTaskFailure extends RuntimeException {

		PoolTaskFailure(String message) {
			super(message);
		}

	}

}
