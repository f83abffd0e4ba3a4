package dev.observability.doctor;

import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Pitfall 1: the share of requests that get a trace ({@code tracing.sampling}). Boot
 * samples 10% by default: the logs of the other 90% carry a trace id that leads to no
 * trace.
 */
public class SamplingCheck implements PitfallCheck {

	static final String ID = "tracing.sampling";

	static final String PROPERTY = "management.tracing.sampling.probability";

	/** Spring Boot's default of {@code management.tracing.sampling.probability}. */
	static final double BOOT_DEFAULT = 0.1;

	private final ListableBeanFactory beanFactory;

	private final Environment environment;

	public SamplingCheck(ListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public List<Finding> check() {
		if (Tracers.of(this.beanFactory) == Tracers.NONE) {
			return List.of(Finding.warn(ID, Pitfall.LOGS_METRICS_DISAGREE,
					"no tracer records spans: no request has a trace, log lines carry no traceId",
					"add io.micrometer:micrometer-tracing-bridge-otel (the starter brings it) and remove "
							+ "management.tracing.enabled=false"));
		}
		double probability = this.environment.getProperty(PROPERTY, Double.class, BOOT_DEFAULT);
		if (probability >= 1.0) {
			return List.of(Finding.ok(ID, Pitfall.LOGS_METRICS_DISAGREE,
					"every request is traced (" + PROPERTY + "=" + format(probability) + ")"));
		}
		String fix = PROPERTY + "=1.0 and sample at the collector (tail sampling keeps errors and slow traces)";
		if (probability <= 0.0) {
			return List.of(Finding.fail(ID, Pitfall.LOGS_METRICS_DISAGREE,
					"sampling probability is 0: no request has a trace, yet log lines carry trace ids", fix));
		}
		long untraced = Math.round((1.0 - probability) * 100);
		String source = this.environment.containsProperty(PROPERTY) ? "" : ", Boot's default";
		return List.of(
				Finding.warn(
						ID, Pitfall.LOGS_METRICS_DISAGREE, "sampling probability " + format(probability) + source + ": "
								+ untraced + "% of requests have no trace, though their log lines carry a trace id",
						fix));
	}

	private static String format(double probability) {
		return (probability == Math.rint(probability)) ? String.format("%.1f", probability)
				: Double.toString(probability);
	}

}
