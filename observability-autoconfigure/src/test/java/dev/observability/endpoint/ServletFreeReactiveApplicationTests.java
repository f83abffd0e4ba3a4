package dev.observability.endpoint;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.observability.endpoint.TestApps.PASSWORD;
import static dev.observability.endpoint.TestApps.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A WebFlux application started in a class loader that truly has no servlet API (not just
 * hidden from conditions): every class the starter loads there must resolve without one,
 * and the scrape endpoints are still protected.
 */
class ServletFreeReactiveApplicationTests {

	private static final String SERVLET_CLASS = "jakarta/servlet/Filter.class";

	@Test
	void aReactiveApplicationWithoutTheServletApiStartsAndProtectsTheScrapeEndpoints() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(classPathWithoutServlet(),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("jakarta.servlet.Filter"));
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(loader);
			try {
				Method run = loader.loadClass(Probe.class.getName()).getDeclaredMethod("run");
				run.setAccessible(true);
				assertThat((int[]) run.invoke(null)).containsExactly(401, 200);
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
	}

	private static URL[] classPathWithoutServlet() throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			File file = new File(entry);
			if (file.exists() && !holdsServletApi(file)) {
				urls.add(toUrl(file));
			}
		}
		return urls.toArray(new URL[0]);
	}

	private static boolean holdsServletApi(File file) throws IOException {
		if (file.isDirectory()) {
			return new File(file, SERVLET_CLASS).exists();
		}
		try (ZipFile zip = new ZipFile(file)) {
			return zip.getEntry(SERVLET_CLASS) != null;
		}
	}

	private static URL toUrl(File file) throws MalformedURLException {
		return file.toURI().toURL();
	}

	/** Runs inside the servlet-free class loader. */
	static final class Probe {

		private Probe() {
		}

		static int[] run() {
			// OpenTelemetry picks its context storage with the thread's context class
			// loader: pick it
			// here, before a JVM thread of the outer class loader (GC notifications)
			// does.
			io.opentelemetry.context.Context.current();
			try (ConfigurableApplicationContext context = TestApps.start(TestApps.Stack.REACTIVE,
					TestApps.Security.NONE)) {
				TestHttp http = TestApps.http(context);
				return new int[] { http.get("/actuator/prometheus").statusCode(),
						http.get("/actuator/prometheus", USER, PASSWORD).statusCode() };
			}
		}

	}

}
