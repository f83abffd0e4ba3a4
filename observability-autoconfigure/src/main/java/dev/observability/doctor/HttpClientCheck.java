package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.observability.client.HttpClientLabels;
import dev.observability.client.HttpClientMetrics;
import dev.observability.client.HttpClientObservabilityFilter;
import dev.observability.client.HttpClientObservabilityInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Pitfalls 5 and 1 on the client side: {@code client.bypass} names the RestClient,
 * RestTemplate and WebClient beans that call out without the starter's instrumentation
 * (built without Boot's builders), and {@code client.untemplated} the share of calls made
 * with a {@code URI} instead of a URI template, whose route label says nothing.
 */
public class HttpClientCheck implements PitfallCheck {

	static final String BYPASS_ID = "client.bypass";

	static final String UNTEMPLATED_ID = "client.untemplated";

	private static final boolean WEB_CLIENT_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.reactive.function.client.WebClient", HttpClientCheck.class.getClassLoader());

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<MeterRegistry> registry;

	public HttpClientCheck(ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> registry) {
		this.beanFactory = beanFactory;
		this.registry = registry;
	}

	@Override
	public List<Finding> check() {
		Finding untemplated = untemplated();
		return (untemplated != null) ? List.of(bypass(), untemplated) : List.of(bypass());
	}

	private Finding bypass() {
		List<String> checked = new ArrayList<>();
		List<String> bypassing = new ArrayList<>();
		this.beanFactory.getBeansOfType(RestClient.class, false, false).forEach((name, client) -> {
			checked.add(name);
			if (!instrumented(client)) {
				bypassing.add(name + " (RestClient)");
			}
		});
		this.beanFactory.getBeansOfType(RestTemplate.class, false, false).forEach((name, template) -> {
			checked.add(name);
			if (!instrumented(template)) {
				bypassing.add(name + " (RestTemplate)");
			}
		});
		if (WEB_CLIENT_PRESENT) {
			WebClients.check(this.beanFactory, checked, bypassing);
		}
		if (!bypassing.isEmpty()) {
			return Finding.warn(BYPASS_ID, Pitfall.WRONG_LAYER,
					"HTTP client beans call out without the starter's instrumentation, so their calls are neither "
							+ "measured nor traced and their failures are not counted: " + String.join(", ", bypassing),
					"build them from the injected RestClient.Builder, RestTemplateBuilder or WebClient.Builder "
							+ "instead of RestClient.create(), new RestTemplate() or WebClient.create(); keep "
							+ "observability.client.enabled=true");
		}
		if (checked.isEmpty()) {
			return Finding.ok(BYPASS_ID, Pitfall.WRONG_LAYER,
					"no RestClient, RestTemplate or WebClient beans; clients built in code are not visible to this check");
		}
		return Finding.ok(BYPASS_ID, Pitfall.WRONG_LAYER, checked.size()
				+ " HTTP client bean(s) measured and traced by the starter; clients built in code are not visible "
				+ "to this check");
	}

	private static boolean instrumented(RestClient client) {
		AtomicBoolean found = new AtomicBoolean();
		client.mutate()
			.requestInterceptors((interceptors) -> found
				.set(containsStarters(interceptors, HttpClientObservabilityInterceptor.class)));
		return found.get();
	}

	private static boolean instrumented(RestTemplate template) {
		return containsStarters(template.getInterceptors(), HttpClientObservabilityInterceptor.class);
	}

	private static boolean containsStarters(List<?> elements, Class<?> type) {
		for (Object element : elements) {
			if (type.isInstance(element)) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Finding untemplated() {
		MeterRegistry meters = this.registry.getIfAvailable();
		double all = 0;
		double untemplated = 0;
		if (meters != null) {
			for (Counter counter : meters.find(HttpClientMetrics.REQUESTS).counters()) {
				all += counter.count();
				if (HttpClientLabels.UNTEMPLATED.equals(counter.getId().getTag("route"))) {
					untemplated += counter.count();
				}
			}
		}
		if (all == 0) {
			// Nothing to judge yet (or a service that makes no outbound calls): no
			// finding rather
			// than an "ok" for what was not checked, or a warning every such service
			// would carry.
			return null;
		}
		if (untemplated == 0) {
			return Finding.ok(UNTEMPLATED_ID, Pitfall.LOGS_METRICS_DISAGREE,
					"all " + (long) all + " outbound HTTP calls so far used a URI template");
		}
		return Finding.warn(UNTEMPLATED_ID, Pitfall.LOGS_METRICS_DISAGREE,
				String.format(Locale.ROOT, "%.1f%% of outbound HTTP calls (%d of %d) were made with a URI instead of a "
						+ "URI template: their route is UNTEMPLATED, so their latency and errors cannot be told apart",
						100 * untemplated / all, (long) untemplated, (long) all),
				"pass the template and its variables: .uri(\"/api/users/{id}\", id) instead of .uri(URI.create(...)) "
						+ "or a string built by hand; on RestTemplate getForObject(\"/api/users/{id}\", type, id)");
	}

	/**
	 * Keeps the WebClient types out of the outer class so that it loads without WebFlux.
	 */
	private static final class WebClients {

		static void check(ListableBeanFactory beanFactory, List<String> checked, List<String> bypassing) {
			beanFactory.getBeansOfType(org.springframework.web.reactive.function.client.WebClient.class, false, false)
				.forEach((name, client) -> {
					checked.add(name);
					AtomicBoolean found = new AtomicBoolean();
					client.mutate()
						.filters(
								(filters) -> found.set(containsStarters(filters, HttpClientObservabilityFilter.class)));
					if (!found.get()) {
						bypassing.add(name + " (WebClient)");
					}
				});
		}

	}

}
