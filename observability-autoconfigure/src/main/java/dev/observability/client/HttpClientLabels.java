package dev.observability.client;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.observability.core.BoundedLabelValues;
import dev.observability.core.LabelNames;
import dev.observability.naming.CardinalityGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Turns a call's URI template and target into the bounded {@code route} and {@code peer}
 * labels.
 * <p>
 * The route is the path of the template the caller used ({@code /api/users/{id}}),
 * without the scheme and host a base URL put in front of it; a call without a template is
 * {@link #UNTEMPLATED}, so a raw path never becomes a label value. The peer is the host,
 * with the port when it is not the scheme's default (user information never appears).
 * Both are computed once per distinct input and kept, within caps.
 */
public class HttpClientLabels {

	/** Route label of a call made with a {@code URI} instead of a URI template. */
	public static final String UNTEMPLATED = "UNTEMPLATED";

	/** Label name of the target host. */
	public static final String PEER = "peer";

	private final BoundedLabelValues routes;

	private final BoundedLabelValues peers;

	private final int maxCached;

	/** URI template → route label. */
	private final ConcurrentMap<String, String> routeByTemplate = new ConcurrentHashMap<>();

	/** Raw authority → peer label. */
	private final ConcurrentMap<String, String> peerByAuthority = new ConcurrentHashMap<>();

	/**
	 * Creates the labels.
	 * @param routes bounds the route label
	 * @param peers bounds the peer label
	 */
	public HttpClientLabels(BoundedLabelValues routes, BoundedLabelValues peers) {
		this.routes = routes;
		this.peers = peers;
		this.maxCached = 10_000;
	}

	/**
	 * Creates labels whose overflows are counted in
	 * {@code observability_cardinality_overflow_total{meter="http.client.requests",tag}}.
	 * @param registry where the overflow counter is registered
	 * @param maxRoutes distinct route labels kept
	 * @param maxPeers distinct peer labels kept
	 * @return the labels
	 */
	public static HttpClientLabels counted(MeterRegistry registry, int maxRoutes, int maxPeers) {
		return new HttpClientLabels(
				new BoundedLabelValues(LabelNames.ROUTE, maxRoutes, overflowCounter(registry, LabelNames.ROUTE)),
				new BoundedLabelValues(PEER, maxPeers, overflowCounter(registry, PEER)));
	}

	private static Runnable overflowCounter(MeterRegistry registry, String tag) {
		Counter overflows = Counter.builder(CardinalityGuard.OVERFLOW_METER)
			.description("Tag values replaced by OTHER because a meter's tag reached its cardinality cap")
			.tag("meter", HttpClientMetrics.REQUESTS)
			.tag("tag", tag)
			.register(registry);
		return overflows::increment;
	}

	/**
	 * The route label of a call.
	 * @param uriTemplate the template the caller used, or {@code null}
	 * @return the bounded route label
	 */
	public String route(@Nullable String uriTemplate) {
		if (uriTemplate == null) {
			return UNTEMPLATED;
		}
		String route = this.routeByTemplate.get(uriTemplate);
		return (route != null) ? route
				: remember(this.routeByTemplate, uriTemplate, this.routes.bound(pathOf(uriTemplate)));
	}

	/**
	 * The peer label of a call.
	 * @param uri the target
	 * @return the bounded peer label
	 */
	public String peer(URI uri) {
		String authority = uri.getRawAuthority();
		if (authority == null) {
			return this.peers.bound("unknown");
		}
		String peer = this.peerByAuthority.get(authority);
		return (peer != null) ? peer : remember(this.peerByAuthority, authority, this.peers.bound(hostAndPort(uri)));
	}

	/**
	 * Keeps a label for its input; past the cap every new value is OTHER anyway, so it is
	 * not kept.
	 */
	private String remember(ConcurrentMap<String, String> cache, String input, String label) {
		if (cache.size() < this.maxCached && !LabelNames.OTHER.equals(label)) {
			cache.put(input, label);
		}
		return label;
	}

	/**
	 * The template without a leading {@code scheme://host[:port]}, always starting with a
	 * slash.
	 */
	static String pathOf(String uriTemplate) {
		// The query and fragment are not the route, and a value written into them by hand
		// would be a new label value per call.
		int end = indexOfAny(uriTemplate, '?', '#');
		String path = (end < 0) ? uriTemplate : uriTemplate.substring(0, end);
		int schemeEnd = path.indexOf("://");
		if (schemeEnd > 0 && isScheme(path, schemeEnd)) {
			int pathStart = path.indexOf('/', schemeEnd + 3);
			path = (pathStart < 0) ? "" : path.substring(pathStart);
		}
		return path.startsWith("/") ? path : "/" + path;
	}

	private static int indexOfAny(String text, char first, char second) {
		int a = text.indexOf(first);
		int b = text.indexOf(second);
		return (a < 0) ? b : ((b < 0) ? a : Math.min(a, b));
	}

	private static boolean isScheme(String text, int end) {
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
				return false;
			}
		}
		return true;
	}

	static String hostAndPort(URI uri) {
		String host = uri.getHost();
		if (host == null) {
			host = "unknown";
		}
		int port = uri.getPort();
		if (port < 0 || port == defaultPort(uri.getScheme())) {
			return host;
		}
		return host + ":" + port;
	}

	private static int defaultPort(String scheme) {
		if ("http".equalsIgnoreCase(scheme) || "ws".equalsIgnoreCase(scheme)) {
			return 80;
		}
		if ("https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) {
			return 443;
		}
		return -1;
	}

}
