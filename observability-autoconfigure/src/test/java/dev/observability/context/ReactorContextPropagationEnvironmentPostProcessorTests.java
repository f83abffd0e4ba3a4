package dev.observability.context;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor's automatic context propagation is the default with the starter, and the
 * application's own choice wins.
 */
class ReactorContextPropagationEnvironmentPostProcessorTests {

	private final ReactorContextPropagationEnvironmentPostProcessor postProcessor = new ReactorContextPropagationEnvironmentPostProcessor();

	@Test
	void turnsAutomaticPropagationOnByDefault() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
	}

	@Test
	void theApplicationsOwnSettingWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.reactor.context-propagation",
				"limited");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
	}

	@Test
	void propertyLeavesBootsDefaultAlone() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("observability.context.reactor-automatic-propagation", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isNull();
	}

	@Test
	void nothingChangesWhenContextPropagationIsOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("observability.context.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isNull();
	}

}
