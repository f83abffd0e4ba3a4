package dev.observability.endpoint;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call which endpoint, without a context.
 */
class EndpointAccessPolicyTests {

	private static final EndpointId HEALTH = EndpointId.of("health");

	private static final EndpointId LOGGERS = EndpointId.of("loggers");

	private static final EndpointId PROMETHEUS = EndpointId.of("prometheus");

	private static final EndpointId CUSTOM = EndpointId.of("shop");

	private static final List<String> SCRAPE = List.of("prometheus", "metrics");

	@Test
	void openEndpointsAreOpenForReadsOnlyUnlessTheirWritesAreOpenedByName() {
		EndpointAccessPolicy policy = EndpointAccessPolicy.protectAll(List.of("health", "loggers"), List.of("health"),
				SCRAPE, false);
		assertThat(policy.needsCredentials(HEALTH, "GET")).isFalse();
		assertThat(policy.needsCredentials(HEALTH, "POST")).isFalse();
		assertThat(policy.needsCredentials(LOGGERS, "GET")).isFalse();
		assertThat(policy.needsCredentials(LOGGERS, "HEAD")).isFalse();
		assertThat(policy.needsCredentials(LOGGERS, "POST")).isTrue();
		assertThat(policy.needsCredentials(LOGGERS, "DELETE")).isTrue();
		assertThat(policy.needsCredentials(LOGGERS, "PUT")).isTrue();
		assertThat(policy.needsCredentials(CUSTOM, "GET")).isTrue();
		assertThat(policy.needsCredentials(PROMETHEUS, "GET")).isTrue();
	}

	@Test
	void withoutAnOperatorTheScrapeUserMayCallEverything() {
		EndpointAccessPolicy policy = EndpointAccessPolicy.protectAll(List.of("health"), List.of(), SCRAPE, false);
		assertThat(policy.permits(ScrapeAuthenticator.AUTHORITY, LOGGERS, "POST")).isTrue();
		assertThat(policy.permits(ScrapeAuthenticator.AUTHORITY, CUSTOM, "GET")).isTrue();
	}

	@Test
	void withAnOperatorTheScrapeUserMayOnlyReadTheScrapeEndpoints() {
		EndpointAccessPolicy policy = EndpointAccessPolicy.protectAll(List.of("health"), List.of(), SCRAPE, true);
		assertThat(policy.permits(ScrapeAuthenticator.AUTHORITY, PROMETHEUS, "GET")).isTrue();
		assertThat(policy.permits(ScrapeAuthenticator.AUTHORITY, PROMETHEUS, "POST")).isFalse();
		assertThat(policy.permits(ScrapeAuthenticator.AUTHORITY, LOGGERS, "GET")).isFalse();
		assertThat(policy.permits(ScrapeAuthenticator.AUTHORITY, LOGGERS, "POST")).isFalse();
		assertThat(policy.permits(ScrapeAuthenticator.OPERATOR_AUTHORITY, LOGGERS, "POST")).isTrue();
		assertThat(policy.permits(ScrapeAuthenticator.OPERATOR_AUTHORITY, PROMETHEUS, "GET")).isTrue();
	}

	@Test
	void withAuthSwitchedOffOnlyTheScrapeEndpointsAreTheStartersBusiness() {
		EndpointAccessPolicy policy = EndpointAccessPolicy.only(SCRAPE);
		assertThat(policy.handles(PROMETHEUS)).isTrue();
		assertThat(policy.handles(LOGGERS)).isFalse();
		assertThat(policy.needsCredentials(LOGGERS, "POST")).isFalse();
	}

}
