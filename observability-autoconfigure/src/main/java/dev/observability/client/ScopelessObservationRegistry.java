package dev.observability.client;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * An observation registry that delivers observations to one handler and never makes them
 * current. Micrometer's own registry keeps the current scope in a thread local shared by
 * every registry, so a second one would make the starter's client observations the parent
 * of whatever the application observes during a call; the client span is the tracer's
 * business, not the observation's.
 */
final class ScopelessObservationRegistry implements ObservationRegistry {

	private final ObservationConfig config = new ObservationConfig();

	ScopelessObservationRegistry(ObservationHandler<?> handler) {
		this.config.observationHandler(handler);
	}

	@Override
	public @Nullable Observation getCurrentObservation() {
		return null;
	}

	@Override
	public Observation.@Nullable Scope getCurrentObservationScope() {
		return null;
	}

	@Override
	public void setCurrentObservationScope(Observation.@Nullable Scope current) {
		// Never current: see the class comment.
	}

	@Override
	public ObservationConfig observationConfig() {
		return this.config;
	}

}
