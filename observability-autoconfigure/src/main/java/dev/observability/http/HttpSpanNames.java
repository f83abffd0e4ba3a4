package dev.observability.http;

/**
 * The name of an HTTP server span: method and route template, or the method alone when
 * the route is one of the fallback labels ({@code NOT_FOUND}, {@code UNMATCHED},
 * {@code OTHER}).
 */
final class HttpSpanNames {

	private HttpSpanNames() {
	}

	static String of(String method, String route) {
		return route.startsWith("/") ? method + " " + route : method;
	}

}
