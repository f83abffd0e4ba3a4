package dev.observability.doctor;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.observability.client.HttpClientLabels;
import dev.observability.client.HttpClientMetrics;
import dev.observability.client.HttpClientObservabilityFilter;
import dev.observability.client.HttpClientObservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
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

	private static final String FIX = "build them from the injected RestClient.Builder, RestTemplateBuilder or "
			+ "WebClient.Builder instead of RestClient.create(), new RestTemplate() or WebClient.create(), and do not "
			+ "give them an observation registry of their own; keep observability.client.enabled=true";

	private static final boolean WEB_CLIENT_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.reactive.function.client.WebClient", HttpClientCheck.class.getClassLoader());

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<HttpClientObservation> observation;

	private final @Nullable Field restClientRegistry;

	/**
	 * Creates the check.
	 * @param beanFactory where the client beans are
	 * @param registry where the client meters are
	 * @param observation how RestClient and RestTemplate calls reach the starter (none
	 * when the client capability is off)
	 */
	public HttpClientCheck(ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<HttpClientObservation> observation) {
		this(beanFactory, registry, observation, restClientRegistryField());
	}

	/**
	 * Creates the check with the field that holds a RestClient's registry, {@code null}
	 * where this Spring Framework has none.
	 */
	HttpClientCheck(ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<HttpClientObservation> observation, @Nullable Field restClientRegistry) {
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.observation = observation;
		this.restClientRegistry = restClientRegistry;
	}

	@Override
	public List<Finding> check() {
		Finding untemplated = untemplated();
		return (untemplated != null) ? List.of(bypass(), untemplated) : List.of(bypass());
	}

	private Finding bypass() {
		List<String> checked = new ArrayList<>();
		List<String> bypassing = new ArrayList<>();
		List<String> unchecked = new ArrayList<>();
		HttpClientObservation observation = this.observation.getIfAvailable();
		this.beanFactory.getBeansOfType(RestClient.class, false, false).forEach((name, client) -> {
			Field field = this.restClientRegistry;
			if (field == null) {
				unchecked.add(name + " (RestClient)");
				return;
			}
			checked.add(name);
			if (observation == null
					|| !observation.measures((ObservationRegistry) ReflectionUtils.getField(field, client))) {
				bypassing.add(name + " (RestClient)");
			}
		});
		this.beanFactory.getBeansOfType(RestTemplate.class, false, false).forEach((name, template) -> {
			checked.add(name);
			if (observation == null || !observation.measures(template.getObservationRegistry())) {
				bypassing.add(name + " (RestTemplate)");
			}
		});
		if (WEB_CLIENT_PRESENT) {
			WebClients.check(this.beanFactory, checked, bypassing);
		}
		String unreadable = "this Spring Framework keeps a RestClient's observation registry where the check cannot "
				+ "read it: " + String.join(", ", unchecked);
		if (!bypassing.isEmpty()) {
			return Finding.warn(BYPASS_ID, Pitfall.WRONG_LAYER,
					"HTTP client beans call out without the starter's instrumentation, so their calls are neither "
							+ "measured nor traced and their failures are not counted: " + String.join(", ", bypassing)
							+ (unchecked.isEmpty() ? "" : "; not checked, since " + unreadable),
					FIX);
		}
		if (!unchecked.isEmpty()) {
			return Finding.warn(BYPASS_ID, Pitfall.WRONG_LAYER,
					"not known whether these HTTP client beans are measured, since " + unreadable, FIX);
		}
		if (checked.isEmpty()) {
			return Finding.ok(BYPASS_ID, Pitfall.WRONG_LAYER,
					"no RestClient, RestTemplate or WebClient beans; clients built in code are not visible to this check");
		}
		return Finding.ok(BYPASS_ID, Pitfall.WRONG_LAYER, checked.size()
				+ " HTTP client bean(s) measured and traced by the starter; clients built in code are not visible "
				+ "to this check");
	}

	/**
	 * Where a RestClient keeps its observation registry: it exposes it neither on the
	 * client nor on its builder, so the check reads Spring's own field, and says so when
	 * this version of Spring Framework has none.
	 */
	private static @Nullable Field restClientRegistryField() {
		try {
			Class<?> type = ClassUtils.forName("org.springframework.web.client.DefaultRestClient",
					HttpClientCheck.class.getClassLoader());
			Field field = ReflectionUtils.findField(type, "observationRegistry", ObservationRegistry.class);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
			}
			return field;
		}
		catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
			return null;
		}
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
