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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Finds out whether the scrape endpoints answer without credentials by asking them: once
 * the web server that serves the actuator has started (the management server when it has
 * a port of its own), an anonymous GET over loopback to each exposed endpoint. Servlet
 * and WebFlux alike: it only needs the port, the endpoints' paths and an HTTP client.
 * <p>
 * A probe that got an answer from every endpoint is kept: what answers anonymously cannot
 * change without a restart. One that could not finish is tried again on the next report.
 */
public class ScrapeEndpointProbe implements ApplicationListener<WebServerInitializedEvent> {

	private static final String MANAGEMENT = "management";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

	private final Map<String, WebServerInitializedEvent> servers = new ConcurrentHashMap<>(2);

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile @Nullable Result kept;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		String namespace = event.getApplicationContext().getServerNamespace();
		this.servers.put((namespace != null) ? namespace : "", event);
		this.kept = null;
	}

	/**
	 * Asks each exposed endpoint anonymously, or answers the kept result.
	 * @param endpoints ids of the endpoints that should need credentials
	 * @return what was found
	 */
	public Result probe(List<String> endpoints) {
		Result result = this.kept;
		if (result != null) {
			return result;
		}
		// The probe of the observability endpoint computes a report, which lands here
		// again.
		if (!this.probing.compareAndSet(false, true)) {
			return Result.notChecked("a probe is running");
		}
		try {
			result = probeNow(endpoints);
			if (result.checked()) {
				this.kept = result;
			}
			return result;
		}
		finally {
			this.probing.set(false);
		}
	}

	private Result probeNow(List<String> endpoints) {
		WebServerInitializedEvent server = actuatorServer();
		if (server == null) {
			return Result.notChecked("the server serving the actuator has not started");
		}
		WebServerApplicationContext context = server.getApplicationContext();
		PathMappedEndpoints paths = context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
		if (paths == null) {
			return Result.notChecked("no actuator web endpoints");
		}
		String root = root(context.getEnvironment(), server);
		List<String> open = new ArrayList<>();
		for (String endpoint : endpoints) {
			String path = paths.getPath(EndpointId.of(endpoint));
			if (path == null) {
				continue;
			}
			try {
				int status = status(root + path);
				if (status >= 200 && status < 300) {
					open.add(endpoint + " (" + path + " answered " + status + ")");
				}
			}
			catch (IOException | RuntimeException ex) {
				return Result.notChecked("GET " + root + path + " failed: " + ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Result.notChecked("interrupted");
			}
		}
		return new Result(true, List.copyOf(open), "port " + server.getWebServer().getPort());
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
	private static int status(String uri) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).GET().build();
		return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * What the probe found.
	 *
	 * @param checked whether every exposed endpoint answered
	 * @param open the endpoints that answered 2xx without credentials, with path and
	 * status
	 * @param detail where it asked, or why it could not
	 */
	public record Result(boolean checked, List<String> open, String detail) {

		static Result notChecked(String reason) {
			return new Result(false, List.of(), reason);
		}

	}

}
