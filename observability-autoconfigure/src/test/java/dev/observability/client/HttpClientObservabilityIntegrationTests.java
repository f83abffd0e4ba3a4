package dev.observability.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import dev.observability.client.testapp.ClientTestApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Outbound calls through the RestClient, RestTemplate and WebClient builders of a real
 * Spring Boot application, to a real downstream server on a loopback port.
 */
class HttpClientObservabilityIntegrationTests {

	private static Downstream downstream;

	private static ConfigurableApplicationContext context;

	private static MeterRegistry registry;

	private static String peer;

	@BeforeAll
	static void start() throws Exception {
		downstream = new Downstream();
		peer = "127.0.0.1:" + downstream.port();
		context = new SpringApplicationBuilder(ClientTestApplication.class).web(WebApplicationType.NONE)
			.properties("management.tracing.sampling.probability=1.0", "spring.main.banner-mode=off")
			.run();
		registry = context.getBean(MeterRegistry.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		if (downstream != null) {
			downstream.close();
		}
	}

	@BeforeEach
	void reset() {
		ClientTestApplication.SPANS.reset();
		downstream.traceparents.clear();
	}

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void restClientCallByTemplateIsMeasuredOnceWithTheTemplateAsRoute() {
		double before = calls("GET", peer, "/api/users/{id}", "200");
		String body = restClient().get().uri("/api/users/{id}", 42).retrieve().body(String.class);
		assertThat(body).isEqualTo("ok");
		assertThat(calls("GET", peer, "/api/users/{id}", "200")).isEqualTo(before + 1);
		assertThat(registry.find(HttpClientMetrics.DURATION).tags("route", "/api/users/{id}").timer()).isNotNull();
		assertThat(registry.find("http.client.requests").timer()).as("Boot's client observation").isNull();
		assertThat(registry.find(HttpClientMetrics.REQUESTS).tags("route", "/api/users/42").counter()).isNull();
	}

	@Test
	void restClientCallWithAHandBuiltUriIsUntemplated() {
		double before = calls("GET", peer, HttpClientLabels.UNTEMPLATED, "200");
		restClient().get()
			.uri(URI.create(downstream.baseUrl() + "/api/users/7?tab=orders"))
			.retrieve()
			.toBodilessEntity();
		assertThat(calls("GET", peer, HttpClientLabels.UNTEMPLATED, "200")).isEqualTo(before + 1);
	}

	@Test
	void httpInterfaceClientIsMeasuredByItsExchangeTemplate() {
		ClientTestApplication.UserApi users = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient()))
			.build()
			.createClient(ClientTestApplication.UserApi.class);
		double before = calls("GET", peer, "/api/users/{id}", "200");
		assertThat(users.user(3)).isEqualTo("ok");
		assertThat(calls("GET", peer, "/api/users/{id}", "200")).isEqualTo(before + 1);
	}

	@Test
	void restTemplateCallIsMeasuredByTemplateAndAHandBuiltUriIsUntemplated() {
		RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).rootUri(downstream.baseUrl()).build();
		double templated = calls("GET", peer, "/api/users/{id}", "200");
		double untemplated = calls("GET", peer, HttpClientLabels.UNTEMPLATED, "200");
		assertThat(restTemplate.getForObject("/api/users/{id}", String.class, 5)).isEqualTo("ok");
		assertThat(restTemplate.getForObject(URI.create(downstream.baseUrl() + "/api/users/6"), String.class))
			.isEqualTo("ok");
		assertThat(calls("GET", peer, "/api/users/{id}", "200")).isEqualTo(templated + 1);
		assertThat(calls("GET", peer, HttpClientLabels.UNTEMPLATED, "200")).isEqualTo(untemplated + 1);
	}

	@Test
	void webClientCallByTemplateIsMeasuredOnce() {
		double before = calls("GET", peer, "/api/users/{id}", "200");
		String body = webClient().get().uri("/api/users/{id}", 9).retrieve().bodyToMono(String.class).block();
		assertThat(body).isEqualTo("ok");
		assertThat(calls("GET", peer, "/api/users/{id}", "200")).isEqualTo(before + 1);
		assertThat(registry.find("http.client.requests").timer()).as("Boot's client observation").isNull();
	}

	@Test
	void serviceUnavailableIsItsStatusAnUnavailableErrorAndAFailedSpan() {
		double calls = calls("GET", peer, "/unavailable", "503");
		double errors = errors("UNAVAILABLE", "HttpServerErrorException");
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> restClient().get().uri("/unavailable").retrieve().toBodilessEntity());
		assertThat(calls("GET", peer, "/unavailable", "503")).isEqualTo(calls + 1);
		assertThat(errors("UNAVAILABLE", "HttpServerErrorException")).isEqualTo(errors + 1);
		SpanData span = clientSpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getName()).isEqualTo("GET /unavailable");
	}

	@Test
	void webClientErrorStatusIsCountedWithWebClientsException() {
		double errors = errors("NOT_FOUND", "WebClientResponseException");
		assertThatExceptionOfType(WebClientResponseException.class)
			.isThrownBy(() -> webClient().get().uri("/missing").retrieve().toBodilessEntity().block());
		assertThat(calls("GET", peer, "/missing", "404")).isGreaterThanOrEqualTo(1);
		assertThat(errors("NOT_FOUND", "WebClientResponseException")).isEqualTo(errors + 1);
	}

	@Test
	void connectionRefusedIsNoResponseAndUnavailable() throws Exception {
		String closed = "127.0.0.1:" + Downstream.closedPort();
		double errors = connectErrors();
		RestClient client = context.getBean(RestClient.Builder.class).baseUrl("http://" + closed).build();
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri("/api/users/{id}", 1).retrieve().toBodilessEntity());
		assertThat(calls("GET", closed, "/api/users/{id}", "NO_RESPONSE")).isEqualTo(1);
		WebClient webClient = context.getBean(WebClient.Builder.class).baseUrl("http://" + closed).build();
		assertThatExceptionOfType(WebClientRequestException.class)
			.isThrownBy(() -> webClient.get().uri("/api/users/{id}", 1).retrieve().toBodilessEntity().block());
		assertThat(calls("GET", closed, "/api/users/{id}", "NO_RESPONSE")).isEqualTo(2);
		// Reactor Netty raises its own ConnectException subclass, and the label names
		// what decided.
		assertThat(connectErrors()).isEqualTo(errors + 2);
	}

	@Test
	void readTimeoutIsNoResponseAndDeadlineExceeded() {
		double errors = errorsWithCode("DEADLINE_EXCEEDED");
		double calls = calls("GET", peer, "/stall", "NO_RESPONSE");
		HttpClientSettings readTimeout = HttpClientSettings.defaults().withReadTimeout(Duration.ofMillis(300));
		RestClient client = context.getBean(RestClient.Builder.class)
			.baseUrl(downstream.baseUrl())
			.requestFactory(ClientHttpRequestFactoryBuilder.reactor().build(readTimeout))
			.build();
		WebClient webClient = context.getBean(WebClient.Builder.class)
			.baseUrl(downstream.baseUrl())
			.clientConnector(ClientHttpConnectorBuilder.reactor().build(readTimeout))
			.build();
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri("/stall").retrieve().toBodilessEntity());
		assertThatExceptionOfType(WebClientRequestException.class)
			.isThrownBy(() -> webClient.get().uri("/stall").retrieve().toBodilessEntity().block());
		assertThat(calls("GET", peer, "/stall", "NO_RESPONSE")).isEqualTo(calls + 2);
		assertThat(errorsWithCode("DEADLINE_EXCEEDED")).isEqualTo(errors + 2);
	}

	@Test
	void downstreamContinuesTheCallersTraceThroughAClientSpan() {
		Tracer tracer = context.getBean(Tracer.class);
		Span caller = tracer.nextSpan().name("caller").start();
		Tracer.SpanInScope scope = tracer.withSpan(caller);
		try {
			restClient().get().uri("/api/users/{id}", 1).retrieve().toBodilessEntity();
			webClient().get().uri("/api/users/{id}", 2).retrieve().toBodilessEntity().block();
		}
		finally {
			scope.close();
			caller.end();
		}
		String traceId = caller.context().traceId();
		assertThat(downstream.traceparents).hasSize(2).allSatisfy((header) -> assertThat(header).contains(traceId));
		List<SpanData> clientSpans = ClientTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT)
			.toList();
		assertThat(clientSpans).hasSize(2).allSatisfy((span) -> {
			assertThat(span.getTraceId()).isEqualTo(traceId);
			assertThat(span.getParentSpanId()).isEqualTo(caller.context().spanId());
			assertThat(span.getName()).isEqualTo("GET /api/users/{id}");
		});
		assertThat(downstream.traceparents)
			.allSatisfy((header) -> assertThat(clientSpans.stream().map(SpanData::getSpanId).anyMatch(header::contains))
				.isTrue());
	}

	@Test
	void callersMdcIsIntactDuringAndAfterTheCallAndNothingIsAdded() {
		MDC.put("order", "o-1");
		Map<String, String> before = MDC.getCopyOfContextMap();
		AtomicReference<Map<String, String>> duringBlocking = new AtomicReference<>();
		AtomicReference<Map<String, String>> duringReactive = new AtomicReference<>();
		RestClient client = context.getBean(RestClient.Builder.class)
			.baseUrl(downstream.baseUrl())
			.requestInterceptor((request, body, execution) -> {
				duringBlocking.set(MDC.getCopyOfContextMap());
				return execution.execute(request, body);
			})
			.build();
		WebClient webClient = context.getBean(WebClient.Builder.class)
			.baseUrl(downstream.baseUrl())
			.filter((request, next) -> {
				duringReactive.set(MDC.getCopyOfContextMap());
				return next.exchange(request);
			})
			.build();
		client.get().uri("/api/users/{id}", 1).retrieve().toBodilessEntity();
		webClient.get().uri("/api/users/{id}", 1).retrieve().toBodilessEntity().block();
		assertThat(duringBlocking.get()).isEqualTo(before);
		assertThat(duringReactive.get()).isEqualTo(before);
		assertThat(MDC.getCopyOfContextMap()).isEqualTo(before);
	}

	@Test
	void concurrentCallsAreCountedExactly() throws Exception {
		double before = calls("GET", peer, "/api/orders/{id}", "200");
		RestClient client = restClient();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				results.add(pool.submit(() -> {
					for (int i = 0; i < 50; i++) {
						client.get().uri("/api/orders/{id}", i).retrieve().toBodilessEntity();
					}
				}));
			}
			for (Future<?> result : results) {
				result.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(calls("GET", peer, "/api/orders/{id}", "200")).isEqualTo(before + 400);
	}

	private static RestClient restClient() {
		return context.getBean(RestClient.Builder.class).baseUrl(downstream.baseUrl()).build();
	}

	private static WebClient webClient() {
		return context.getBean(WebClient.Builder.class).baseUrl(downstream.baseUrl()).build();
	}

	private static SpanData clientSpan() {
		return ClientTestApplication.SPANS.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT)
			.findFirst()
			.orElseThrow();
	}

	private static double calls(String method, String peer, String route, String code) {
		Counter counter = registry.find(HttpClientMetrics.REQUESTS)
			.tags("method", method, "peer", peer, "route", route, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double errors(String code, String exception) {
		Counter counter = registry.find("errors")
			.tags("source", "http_client", "type", "handled", "code", code, "exception", exception)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double connectErrors() {
		return registry.find("errors")
			.tags("source", "http_client", "code", "UNAVAILABLE")
			.counters()
			.stream()
			.filter((counter) -> counter.getId().getTag("exception").endsWith("ConnectException"))
			.mapToDouble(Counter::count)
			.sum();
	}

	private static double errorsWithCode(String code) {
		return registry.find("errors")
			.tags("source", "http_client", "code", code)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

}
