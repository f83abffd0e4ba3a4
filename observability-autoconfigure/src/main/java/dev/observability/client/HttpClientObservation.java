package dev.observability.client;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * How RestClient and RestTemplate calls reach the starter: through the observation Spring
 * Framework creates for every call.
 * <p>
 * When the starter replaces Spring Boot's client observation, {@link #applyTo} gives a
 * client the starter's own registry, which holds nothing but the starter's handler and
 * makes no observation current, and a convention that computes no key values. When Boot's
 * observation is kept, clients keep Boot's registry and {@link #joinRegistry} adds the
 * starter's handler to it, without a span of its own: Boot's owns it.
 */
public final class HttpClientObservation {

	private static final NameOnlyConvention CONVENTION = new NameOnlyConvention();

	private final CallRecordingObservationHandler handler;

	private final ObservationRegistry registry;

	private final boolean replacesBoot;

	private final Set<ObservationRegistry> joined = Collections
		.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	/**
	 * Creates the observation.
	 * @param recorder records each call; when Boot's observation is kept it must start no
	 * spans ({@link HttpClientTracing#NONE}), since Boot's owns the client span then
	 * @param replacesBoot whether clients get the starter's registry in place of Boot's
	 */
	public HttpClientObservation(HttpClientCallRecorder recorder, boolean replacesBoot) {
		this.handler = new CallRecordingObservationHandler(recorder);
		this.registry = new ScopelessObservationRegistry(this.handler);
		this.replacesBoot = replacesBoot;
	}

	/**
	 * Gives a RestClient builder the starter's registry and convention, unless Boot's
	 * observation is kept.
	 * @param builder the builder
	 */
	public void applyTo(RestClient.Builder builder) {
		if (this.replacesBoot) {
			builder.observationRegistry(this.registry).observationConvention(CONVENTION);
		}
	}

	/**
	 * Gives a RestTemplate the starter's registry and convention, unless Boot's
	 * observation is kept.
	 * @param restTemplate the template
	 */
	public void applyTo(RestTemplate restTemplate) {
		if (this.replacesBoot) {
			restTemplate.setObservationRegistry(this.registry);
			restTemplate.setObservationConvention(CONVENTION);
		}
	}

	/**
	 * Adds the starter's handler to the application's registry when Boot's observation is
	 * kept, so that the calls Boot observes are recorded by the starter too.
	 * @param registry the application's registry
	 */
	public void joinRegistry(ObservationRegistry registry) {
		if (!this.replacesBoot && this.joined.add(registry)) {
			registry.observationConfig().observationHandler(this.handler);
		}
	}

	/**
	 * Whether calls of a client with this registry reach the starter.
	 * @param registry a client's observation registry
	 * @return whether the starter records its calls
	 */
	public boolean measures(@Nullable ObservationRegistry registry) {
		return registry != null && (registry == this.registry || this.joined.contains(registry));
	}

	/**
	 * Names the observation and computes nothing else: the starter's handler reads the
	 * context itself, and Boot's key values would be computed for nobody.
	 */
	private static final class NameOnlyConvention implements ClientRequestObservationConvention {

		@Override
		public String getName() {
			return "http.client.requests";
		}

		@Override
		public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
			return context instanceof ClientRequestObservationContext;
		}

	}

}
