package dev.observability.endpoint;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The scrape user's credentials in each encoding.
 */
class ScrapeCredentialsTests {

	@Test
	void plainAndNoopPasswordsMatchExactly() {
		for (String configured : new String[] { "s3cret", "{noop}s3cret" }) {
			ScrapeCredentials credentials = ScrapeCredentials.of("prometheus", configured);
			assertThat(credentials.matches("prometheus", "s3cret")).isTrue();
			assertThat(credentials.matches("prometheus", "s3cre")).isFalse();
			assertThat(credentials.matches("prometheus", "S3cret")).isFalse();
			assertThat(credentials.matches("prometheus", "{noop}s3cret")).isFalse();
			assertThat(credentials.matches("Prometheus", "s3cret")).isFalse();
			assertThat(credentials.isGenerated()).isFalse();
		}
	}

	@Test
	void encodedPasswordsMatch() {
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("s3cret");
		String pbkdf2 = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("s3cret");
		for (String configured : new String[] { bcrypt, pbkdf2 }) {
			ScrapeCredentials credentials = ScrapeCredentials.of("prometheus", configured);
			assertThat(credentials.matches("prometheus", "s3cret")).isTrue();
			assertThat(credentials.matches("prometheus", "wrong")).isFalse();
		}
		String pbkdf2Only = "{pbkdf2@SpringSecurity_v5_8}"
				+ org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()
					.encode("s3cret");
		assertThat(ScrapeCredentials.of("prometheus", pbkdf2Only).matches("prometheus", "s3cret")).isTrue();
	}

	@Test
	void missingPasswordIsGenerated() {
		ScrapeCredentials credentials = ScrapeCredentials.of("prometheus", null);
		assertThat(credentials.isGenerated()).isTrue();
		assertThat(credentials.matches("prometheus", "")).isFalse();
		assertThat(ScrapeCredentials.of("prometheus", "  ").isGenerated()).isTrue();
	}

	@Test
	void unknownEncodingOrMalformedHashIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScrapeCredentials.of("prometheus", "{sha999}abc"))
			.withMessageContaining("unknown password encoding {sha999}");
		assertThatIllegalArgumentException().isThrownBy(() -> ScrapeCredentials.of("prometheus", "{bcrypt}abc"))
			.withMessageContaining("not a bcrypt hash");
	}

}
