package dev.observability.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Finds out whether actuator endpoints answer without credentials by asking them: once
 * the web server that serves the actuator has started (the management server when it has
 * a port of its own), an anonymous GET over loopback to each exposed endpoint. Servlet
 * and WebFlux alike: it only needs the port, the endpoints' paths and an HTTP client.
 * <p>
 * A 2xx means the endpoint answered without credentials. An endpoint whose read would
 * cost or change something ({@code heapdump} writes a heap dump, {@code shutdown} has
 * only a write) is asked with {@code OPTIONS} instead, which the endpoint's handler
 * mapping answers without running the operation. The probe never sends a write.
 * <p>
 * A probe that got an answer from every endpoint is kept: what answers anonymously cannot
 * change without a restart. One that could not finish is tried again on the next report.
 */
public class ScrapeEndpointProbe implements ApplicationListener<WebServerInitializedEvent> {

	private static final String MANAGEMENT = "management";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

	/** The endpoints meant for anyone (probes, build information): never asked. */
	static final Set<String> NOT_SENSITIVE = Set.of("health", "info");

	/** Endpoints asked with OPTIONS: a GET would cost or change something. */
	private static final Set<String> ASKED_WITH_OPTIONS = Set.of("heapdump", "shutdown");

	private final Map<String, WebServerInitializedEvent> servers = new ConcurrentHashMap<>(2);

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile @Nullable Probed kept;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		String namespace = event.getApplicationContext().getServerNamespace();
		this.servers.put((namespace != null) ? namespace : "", event);
		this.kept = null;
	}

	/**
	 * Whether the given endpoints answer anonymously: asks every exposed endpoint, or
	 * answers from the kept result.
	 * @param endpoints ids of the endpoints that should need credentials
	 * @return what was found for those of them that are exposed
	 */
	public Result probe(List<String> endpoints) {
		return probe((id) -> endpoints.contains(id));
	}

	/**
	 * Whether the exposed endpoints the filter accepts answer anonymously: asks every
	 * exposed endpoint, or answers from the kept result.
	 * @param endpoints which endpoint ids to report on
	 * @return what was found for them
	 */
	public Result probe(Predicate<String> endpoints) {
		Probed probed = probeAll();
		if (!probed.checked()) {
			return Result.notChecked(probed.detail());
		}
		List<String> asked = new ArrayList<>();
		List<String> open = new ArrayList<>();
		probed.answers().forEach((id, answer) -> {
			if (endpoints.test(id)) {
				asked.add(id);
				if (answer.reached()) {
					open.add(id + " (" + answer.describe() + ")");
				}
			}
		});
		return new Result(true, List.copyOf(open), probed.detail(), List.copyOf(asked));
	}

	private Probed probeAll() {
		Probed result = this.kept;
		if (result != null) {
			return result;
		}
		// The probe of the observability endpoint computes a report, which lands here
		// again.
		if (!this.probing.compareAndSet(false, true)) {
			return Probed.notChecked("a probe is running");
		}
		try {
			result = probeNow();
			if (result.checked()) {
				this.kept = result;
			}
			return result;
		}
		finally {
			this.probing.set(false);
		}
	}

	private Probed probeNow() {
		WebServerInitializedEvent server = actuatorServer();
		if (server == null) {
			return Probed.notChecked("the server serving the actuator has not started");
		}
		WebServerApplicationContext context = server.getApplicationContext();
		PathMappedEndpoints paths = context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
		if (paths == null) {
			return Probed.notChecked("no actuator web endpoints");
		}
		String root = root(context.getEnvironment(), server);
		Map<String, Answer> answers = new TreeMap<>();
		for (PathMappedEndpoint endpoint : paths) {
			if (!(endpoint instanceof ExposableEndpoint<?> exposable)) {
				continue;
			}
			EndpointId id = exposable.getEndpointId();
			String path = paths.getPath(id);
			if (path == null || NOT_SENSITIVE.contains(id.toString())) {
				// Health and info are meant for anyone: no finding is about them, so the
				// application does not see requests (and access log lines) for nothing.
				continue;
			}
			try {
				String method = ASKED_WITH_OPTIONS.contains(id.toString()) ? "OPTIONS" : "GET";
				answers.put(id.toString(), new Answer(path, method, status(method, root + path)));
			}
			catch (IOException | RuntimeException ex) {
				return Probed.notChecked(root + path + " failed: " + ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Probed.notChecked("interrupted");
			}
		}
		return new Probed(true, answers, "port " + server.getWebServer().getPort());
	}

	/**
	 * The management server when the actuator has a port of its own, else the
	 * application's.
	 */
	private @Nullable WebServerInitializedEvent actuatorServer() {
		WebServerInitializedEvent main = this.servers.get("");
		WebServerInitializedEvent management = this.servers.get(MANAGEMENT);
		if (management != null) {
			return management;
		}
		if (main != null && ManagementPortType
			.get(main.getApplicationContext().getEnvironment()) == ManagementPortType.DIFFERENT) {
			return null;
		}
		return main;
	}

	/**
	 * Scheme, loopback (or the bound) address, port and the path the server serves under.
	 */
	private static String root(Environment environment, WebServerInitializedEvent server) {
		boolean management = MANAGEMENT.equals(server.getApplicationContext().getServerNamespace());
		String prefix = management ? "management.server." : "server.";
		String scheme = environment.getProperty(prefix + "ssl.enabled", Boolean.class, false) ? "https" : "http";
		String host = host(environment.getProperty(prefix + "address"));
		String basePath = management ? environment.getProperty("management.server.base-path")
				: firstText(environment.getProperty("server.servlet.context-path"),
						environment.getProperty("spring.webflux.base-path"))
						+ trimSlash(environment.getProperty("spring.mvc.servlet.path"));
		return scheme + "://" + host + ":" + server.getWebServer().getPort() + trimSlash(basePath);
	}

	private static String host(@Nullable String address) {
		if (!StringUtils.hasText(address)) {
			return "127.0.0.1";
		}
		try {
			InetAddress bound = InetAddress.getByName(address);
			if (bound.isAnyLocalAddress()) {
				return "127.0.0.1";
			}
			String literal = bound.getHostAddress();
			return (literal.indexOf(':') >= 0) ? "[" + literal + "]" : literal;
		}
		catch (IOException ex) {
			return address;
		}
	}

	private static String firstText(@Nullable String first, @Nullable String second) {
		return StringUtils.hasText(first) ? first : (second != null) ? second : "";
	}

	private static String trimSlash(@Nullable String path) {
		if (!StringUtils.hasText(path) || path.equals("/")) {
			return "";
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * One anonymous GET, on a client (and so a connection) of its own: Reactor Netty
	 * 1.3.6 now and then stops reading a kept-alive connection after an answer that
	 * completed at once, such as a 401 (reactor/reactor-netty#4361), and the next request
	 * would wait for its timeout.
	 */
	private static int status(String method, String uri) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
			.timeout(REQUEST_TIMEOUT)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * What the probe found.
	 *
	 * @param checked whether every exposed endpoint answered
	 * @param open the endpoints that were reached without credentials (2xx, or 406 to the
	 * probe's media type), with path and status
	 * @param detail where it asked, or why it could not
	 * @param asked ids of the endpoints asked about
	 */
	public record Result(boolean checked, List<String> open, String detail, List<String> asked) {

		static Result notChecked(String reason) {
			return new Result(false, List.of(), reason, List.of());
		}

	}

	private record Probed(boolean checked, Map<String, Answer> answers, String detail) {

		static Probed notChecked(String reason) {
			return new Probed(false, Map.of(), reason);
		}

	}

	/**
	 * One endpoint's answer to the anonymous request.
	 */
	private record Answer(String path, String method, int status) {

		boolean reached() {
			return this.status >= 200 && this.status < 300;
		}

		String describe() {
			return ("GET".equals(this.method) ? "" : this.method + " ") + this.path + " answered " + this.status;
		}

	}

}
