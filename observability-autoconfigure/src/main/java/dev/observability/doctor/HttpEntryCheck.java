package dev.observability.doctor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.observability.http.HttpObservabilityFilter;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.OrderUtils;

/**
 * Whether each HTTP request is measured once, at the protocol entry: Spring Boot's own
 * observation filter still active beside the starter's ({@code http.double-measurement},
 * pitfall 1), and filters ordered before the starter's ({@code http.filter-order},
 * pitfall 5).
 */
public class HttpEntryCheck implements PitfallCheck {

	static final String DOUBLE_MEASUREMENT = "http.double-measurement";

	static final String FILTER_ORDER = "http.filter-order";

	private static final String BOOT_OBSERVATION_FILTER = "org.springframework.web.filter.ServerHttpObservationFilter";

	/**
	 * Framework filters that may run before the starter's without harm: they only set the
	 * request's encoding, locale and form parameters, never answer a request nor take
	 * time worth measuring. Spring Boot puts its character-encoding filter at the highest
	 * precedence, like the starter's.
	 */
	private static final Set<String> HARMLESS_FILTERS = Set.of("org.springframework.web.filter.CharacterEncodingFilter",
			"org.springframework.web.filter.RequestContextFilter", "org.springframework.web.filter.FormContentFilter",
			"org.springframework.web.filter.HiddenHttpMethodFilter");

	private final ListableBeanFactory beanFactory;

	public HttpEntryCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		List<Entry> entries = entries();
		Entry ours = null;
		for (Entry entry : entries) {
			if (entry.filter() instanceof HttpObservabilityFilter && entry.enabled()) {
				ours = entry;
			}
		}
		if (ours == null) {
			return List.of(
					Finding.ok(DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
							"the starter's HTTP filter is off, nothing measures twice"),
					Finding.warn(FILTER_ORDER, Pitfall.WRONG_LAYER,
							"the starter's HTTP filter is off: requests are not measured at the protocol entry",
							"remove observability.http.enabled=false"));
		}
		return List.of(doubleMeasurement(entries), filterOrder(entries, ours));
	}

	private Finding doubleMeasurement(List<Entry> entries) {
		for (Entry entry : entries) {
			if (entry.enabled() && isA(entry.filter(), BOOT_OBSERVATION_FILTER)) {
				return Finding.warn(DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
						"Spring Boot's ServerHttpObservationFilter (" + entry.name()
								+ ") measures every request a second "
								+ "time: http_server_requests_seconds beside http_requests_total, with other labels",
						"remove observability.http.replace-boot-observation=false, or the application's own "
								+ "ServerHttpObservationFilter bean");
			}
		}
		return Finding.ok(DOUBLE_MEASUREMENT, Pitfall.LOGS_METRICS_DISAGREE,
				"each request is measured once, by the starter's filter");
	}

	private Finding filterOrder(List<Entry> entries, Entry ours) {
		List<String> before = new ArrayList<>();
		for (Entry entry : entries) {
			if (entry != ours && entry.enabled() && entry.order() <= ours.order() && !isHarmless(entry.filter())
					&& !isA(entry.filter(), BOOT_OBSERVATION_FILTER)) {
				before.add(entry.name() + " (order " + entry.order() + ")");
			}
		}
		if (before.isEmpty()) {
			return Finding.ok(FILTER_ORDER, Pitfall.WRONG_LAYER,
					"the starter's filter is the first servlet filter (order " + ours.order() + ")");
		}
		return Finding.warn(FILTER_ORDER, Pitfall.WRONG_LAYER,
				"filters run before (or at the same order as) the starter's measurement filter, so their time and "
						+ "their answers are not measured: " + String.join(", ", before),
				"give these filters an order above Ordered.HIGHEST_PRECEDENCE (FilterRegistrationBean.setOrder, "
						+ "or @Order on the filter bean)");
	}

	/**
	 * Every filter the servlet context gets: registrations, and filter beans no
	 * registration holds.
	 */
	private List<Entry> entries() {
		List<Entry> entries = new ArrayList<>();
		Map<Object, Boolean> registered = new IdentityHashMap<>();
		for (String name : this.beanFactory.getBeanNamesForType(AbstractFilterRegistrationBean.class, false, false)) {
			AbstractFilterRegistrationBean<?> registration = (AbstractFilterRegistrationBean<?>) this.beanFactory
				.getBean(name);
			Filter filter = (registration instanceof FilterRegistrationBean<?> plain) ? plain.getFilter() : null;
			if (filter != null) {
				registered.put(filter, Boolean.TRUE);
			}
			entries.add(new Entry(name, filter, registration.getOrder(), registration.isEnabled()));
		}
		for (String name : this.beanFactory.getBeanNamesForType(Filter.class, false, false)) {
			Filter filter = this.beanFactory.getBean(name, Filter.class);
			if (!registered.containsKey(filter)) {
				entries.add(new Entry(name, filter, orderOf(filter), true));
			}
		}
		return entries;
	}

	private static int orderOf(Filter filter) {
		if (filter instanceof Ordered ordered) {
			return ordered.getOrder();
		}
		return OrderUtils.getOrder(filter.getClass(), Ordered.LOWEST_PRECEDENCE);
	}

	private static boolean isHarmless(@Nullable Filter filter) {
		for (String type : HARMLESS_FILTERS) {
			if (isA(filter, type)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isA(@Nullable Filter filter, String className) {
		if (filter == null) {
			return false;
		}
		for (Class<?> type = filter.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(className)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One filter as the servlet context gets it.
	 *
	 * @param name bean name
	 * @param filter the filter, {@code null} for a registration that creates it itself
	 * (Spring Security's delegating proxy)
	 * @param order its order
	 * @param enabled whether it is registered at all
	 */
	private record Entry(String name, @Nullable Filter filter, int order, boolean enabled) {
	}

}
