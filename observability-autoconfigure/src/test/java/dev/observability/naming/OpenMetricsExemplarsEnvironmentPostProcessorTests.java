package dev.observability.naming;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exemplars stay where OpenMetrics 1.0 allows them unless the application decides
 * otherwise.
 */
class OpenMetricsExemplarsEnvironmentPostProcessorTests {

	private static final String KEY = OpenMetricsExemplarsEnvironmentPostProcessor.EXEMPLARS_ON_ALL_METRIC_TYPES;

	private final OpenMetricsExemplarsEnvironmentPostProcessor postProcessor = new OpenMetricsExemplarsEnvironmentPostProcessor();

	@Test
	void keepsExemplarsOffCountLinesByDefault() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(KEY)).isEqualTo("false");
	}

	@Test
	void theApplicationsOwnSettingWins() {
		MockEnvironment environment = new MockEnvironment().withProperty(KEY, "true");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(KEY)).isEqualTo("true");
	}

	@Test
	void propertyLeavesMicrometersDefaultAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty("observability.naming.strict-openmetrics",
				"false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(KEY)).isNull();
	}

}
