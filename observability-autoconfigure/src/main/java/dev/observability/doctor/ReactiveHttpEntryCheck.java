package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;

import dev.observability.http.HttpObservabilityWebFilter;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;

/**
 * The reactive counterpart of {@link HttpEntryCheck}, phrased for WebFlux: whether
 * Spring's own server observation still measures beside the starter
 * ({@code http.double-measurement}, pitfall 1), and whether the starter measures at the
 * entry of the whole {@code HttpHandler}, with no web filter before its own
 * ({@code http.filter-order}, pitfall 5).
 */
public class ReactiveHttpEntryCheck implements PitfallCheck {

	private final ListableBeanFactory beanFactory;

	public ReactiveHttpEntryCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		HttpObservabilityWebFilter ours = this.beanFactory.getBeanProvider(HttpObservabilityWebFilter.class)
			.getIfAvailable();
		if (ours == null) {
			return List.of(
					Finding.ok(HttpEntryCheck.DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
							"the starter's WebFlux measurement is off, nothing measures twice"),
					Finding.warn(HttpEntryCheck.FILTER_ORDER, Pitfall.WRONG_LAYER,
							"the starter's WebFlux measurement is off: requests are not measured at the protocol entry",
							"remove observability.http.enabled=false"));
		}
		HttpWebHandlerAdapter adapter = springAdapter();
		return List.of(doubleMeasurement(adapter), entry(ours, adapter));
	}

	private Finding doubleMeasurement(@Nullable HttpWebHandlerAdapter adapter) {
		if (adapter != null && adapter.getObservationRegistry() != ObservationRegistry.NOOP) {
			return Finding.warn(HttpEntryCheck.DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
					"Spring's reactive server observation measures every request a second time: "
							+ "http_server_requests_seconds beside http_requests_total, with other labels",
					"remove observability.http.replace-boot-observation=false");
		}
		if (adapter == null) {
			return Finding.warn(HttpEntryCheck.DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
					"could not check: the application's HttpHandler is not the one Spring Boot builds",
					"let Spring Boot build the HttpHandler (no HttpHandler bean of your own)");
		}
		return Finding.ok(HttpEntryCheck.DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
				"each request is measured once, by the starter's WebFlux measurement");
	}

	private Finding entry(HttpObservabilityWebFilter ours, @Nullable HttpWebHandlerAdapter adapter) {
		if (adapter == null || ours.unmeasuredRequests() > 0) {
			return Finding.warn(HttpEntryCheck.FILTER_ORDER, Pitfall.WRONG_LAYER,
					"the starter's measurement does not wrap the application's HttpHandler ("
							+ ours.unmeasuredRequests() + " request(s) so far reached its web filter unmeasured)",
					"let Spring Boot build the HttpHandler, or apply HttpObservabilityWebFilter as an "
							+ "HttpHandlerDecoratorFactory to your own");
		}
		List<String> before = new ArrayList<>();
		for (var entry : this.beanFactory.getBeansOfType(WebFilter.class, false, false).entrySet()) {
			WebFilter filter = entry.getValue();
			if (filter != ours && filter instanceof Ordered ordered && ordered.getOrder() <= ours.getOrder()) {
				before.add(entry.getKey() + " (order " + ordered.getOrder() + ")");
			}
		}
		if (!before.isEmpty()) {
			return Finding.warn(HttpEntryCheck.FILTER_ORDER, Pitfall.WRONG_LAYER,
					"web filters share the starter's order, so their place before or after it is not " + "defined: "
							+ String.join(", ", before),
					"give these filters an order above Ordered.HIGHEST_PRECEDENCE (@Order or Ordered)");
		}
		return Finding.ok(HttpEntryCheck.FILTER_ORDER, Pitfall.WRONG_LAYER,
				"the starter measures each request around the whole WebFlux HttpHandler: web filters, "
						+ "exception handlers and the response write included");
	}

	/**
	 * Spring's adapter inside the application's handler, or {@code null} when it is not
	 * there.
	 */
	private @Nullable HttpWebHandlerAdapter springAdapter() {
		HttpHandler handler = this.beanFactory.getBeanProvider(HttpHandler.class).getIfAvailable();
		HttpHandler inner = HttpObservabilityWebFilter.undecorated(handler);
		return (inner instanceof HttpWebHandlerAdapter adapter) ? adapter : null;
	}

}
