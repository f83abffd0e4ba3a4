package dev.observability.client;

import java.net.URI;
import java.util.Map;

import org.springframework.web.util.UriTemplateHandler;

/**
 * Hands the URI template of a {@code RestTemplate} call to the interceptor. RestTemplate
 * expands the template on the calling thread just before it executes the request, but
 * keeps the template to itself; this handler, wrapped around the RestTemplate's own,
 * notes the template with the URI it expanded to, and the interceptor takes it when the
 * request's URI is that URI. A call made with a {@code URI} expands nothing, so it stays
 * {@code UNTEMPLATED}.
 */
class UriTemplateCapture implements UriTemplateHandler {

	private static final ThreadLocal<Expansion> LAST = ThreadLocal.withInitial(Expansion::new);

	private final UriTemplateHandler delegate;

	/**
	 * Wraps a handler.
	 * @param delegate the handler that expands templates
	 */
	UriTemplateCapture(UriTemplateHandler delegate) {
		this.delegate = delegate;
	}

	/** The wrapped handler. */
	public UriTemplateHandler delegate() {
		return this.delegate;
	}

	@Override
	public URI expand(String uriTemplate, Map<String, ?> uriVariables) {
		return remember(uriTemplate, this.delegate.expand(uriTemplate, uriVariables));
	}

	@Override
	public URI expand(String uriTemplate, Object... uriVariables) {
		return remember(uriTemplate, this.delegate.expand(uriTemplate, uriVariables));
	}

	private static URI remember(String template, URI uri) {
		Expansion last = LAST.get();
		last.template = template;
		last.uri = uri;
		return uri;
	}

	/**
	 * Takes the template noted on this thread when it expanded to the given URI, and
	 * forgets it either way.
	 * @param uri the URI of the request about to be sent
	 * @return the template, or {@code null}
	 */
	static String take(URI uri) {
		Expansion last = LAST.get();
		String template = last.template;
		URI expanded = last.uri;
		last.template = null;
		last.uri = null;
		return (template != null && (expanded == uri || uri.equals(expanded))) ? template : null;
	}

	/** The last expansion on one thread; reused, so noting one allocates nothing. */
	private static final class Expansion {

		private String template;

		private URI uri;

	}

}
