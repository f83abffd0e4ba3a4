package dev.observability.redaction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tags the default redaction settings treat as sensitive, and what the meter filter
 * does with them.
 */
class TagRedactorTests {

	private final TagRedactionProperties defaults = new TagRedactionProperties();

	private final TagRedactor redactor = new TagRedactor(this.defaults.getKeyPatterns(),
			this.defaults.getValueDetectors(), this.defaults.getDetectorExemptKeys());

	@ParameterizedTest
	@ValueSource(
			strings = { "password", "db_passwd", "pwd", "client_secret", "token", "refresh-token", "apiKey", "api_key",
					"x.api-key", "Authorization", "cookie", "set_cookie", "session", "sessionId", "email", "user_email",
					"e-mail", "phone", "phone_number", "card_number", "cardNo", "credit_card", "ssn", "user.ssn" })
	void sensitiveKeysAreRedactedWhateverTheirValue(String key) {
		assertThat(this.redactor.isSensitive(key, "harmless")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "method", "route", "code", "uri", "status", "outcome", "exception", "service", "event",
			"source", "type", "reason", "rule", "meter", "tag", "classname", "lessons", "area", "application" })
	void ordinaryKeysAreKept(String key) {
		assertThat(this.redactor.isSensitive(key, "harmless")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { EndpointTestApplicationValues.JWT, "Bearer abcdefgh12345678", "bearer 9f8e7d6c5b4a",
			"a@b.com", "contact first.last+tag@example.co.uk now", "4111111111111111", "4111 1111 1111 1111",
			"5500-0000-0000-0004", "378282246310005", "d41d8cd98f00b204e9800998ecf8427e",
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"sk_live_4eC39HqLyjWDarjtT1zdp7dcXyZ7Qa2B", "AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMIK7MDENGbPxRfiCY" })
	void secretLookingValuesAreRedactedWhateverTheirKey(String value) {
		assertThat(this.redactor.isSensitive("anything", value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/users/{id}", "GET", "200", "IllegalStateException", "NOT_FOUND", "SUCCESS",
			"550e8400-e29b-41d4-a716-446655440000", "4111111111111112", "1700000000000",
			"org.springframework.boot.actuate.endpoint.web", "http-nio-auto-1-exec-10", "0000000000000000",
			"jvm_gc_memory_promoted_bytes_total_counter", "Bearer", "someone at example dot com" })
	void ordinaryValuesAreKept(String value) {
		assertThat(this.redactor.isSensitive("anything", value)).isFalse();
	}

	@Test
	void aCommitHashInAnExemptKeyIsKept() {
		String sha = "9fceb02d0ae598e95dc970b74767f19372d61af8a";
		assertThat(this.redactor.isSensitive("vcs.ref.head.revision", sha)).isFalse();
		assertThat(this.redactor.isSensitive("git_commit", sha)).isFalse();
		assertThat(this.redactor.isSensitive("build", sha)).isTrue();
	}

	@Test
	void eachDetectorCanBeSwitchedOff() {
		TagRedactor keysOnly = new TagRedactor(this.defaults.getKeyPatterns(), java.util.Set.of(),
				this.defaults.getDetectorExemptKeys());
		assertThat(keysOnly.isSensitive("client", "a@b.com")).isFalse();
		assertThat(keysOnly.isSensitive("email", "a@b.com")).isTrue();
	}

	@Test
	void meterFilterRedactsAtRegistrationAndDeniesMeters() {
		MeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new RedactingMeterFilter(this.redactor, java.util.List.of("shop\\.debug\\..*")));
		Counter.builder("shop.signups").tag("user_email", "a@b.com").tag("plan", "pro").register(registry).increment();
		Counter.builder("shop.debug.calls").register(registry).increment();
		Counter counter = registry.find("shop.signups").counter();
		assertThat(counter).isNotNull();
		assertThat(counter.getId().getTag("user_email")).isEqualTo(TagRedactor.REDACTED);
		assertThat(counter.getId().getTag("plan")).isEqualTo("pro");
		assertThat(registry.find("shop.debug.calls").meter()).isNull();
	}

	/**
	 * The token of the test application, as a compile-time constant for the annotation
	 * above.
	 */
	static final class EndpointTestApplicationValues {

		static final String JWT = dev.observability.endpoint.testapp.EndpointTestApplication.JWT;

	}

}
