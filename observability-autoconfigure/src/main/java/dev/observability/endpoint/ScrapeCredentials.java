package dev.observability.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The one user allowed to scrape, independent of any user store of the application. A
 * plain or {@code {noop}} password is compared in constant time; an encoded one
 * ({@code {bcrypt}}, {@code {pbkdf2}}, ...) goes through Spring Security's delegating
 * encoder.
 */
public final class ScrapeCredentials {

	private static final Logger logger = LoggerFactory.getLogger(ScrapeCredentials.class);

	private static final Pattern ENCODING_ID = Pattern.compile("^\\{([^{}]*)}.*", Pattern.DOTALL);

	private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}$");

	private static final String NOOP = "noop";

	/** Encoding ids Spring Security's delegating encoder knows. */
	private static final Set<String> KNOWN_IDS = Set.of("bcrypt", "ldap", "MD4", "MD5", NOOP, "pbkdf2",
			"pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8", "SHA-1", "SHA-256", "sha256",
			"argon2", "argon2@SpringSecurity_v5_8");

	private final byte[] usernameDigest;

	private final byte @Nullable [] plainPasswordDigest;

	private final @Nullable String encodedPassword;

	private final @Nullable PasswordEncoder encoder;

	private final boolean generated;

	private ScrapeCredentials(String username, String password, boolean generated) {
		this.usernameDigest = sha256(username);
		this.generated = generated;
		String id = encodingId(password);
		if (id == null || NOOP.equals(id)) {
			String plain = (id == null) ? password : password.substring(NOOP.length() + 2);
			this.plainPasswordDigest = sha256(plain);
			this.encodedPassword = null;
			this.encoder = null;
		}
		else {
			this.plainPasswordDigest = null;
			this.encodedPassword = password;
			this.encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		}
	}

	/**
	 * Credentials from configuration: with no password set, a random one is generated and
	 * logged once at WARN.
	 * @param username the user name
	 * @param password the configured password, plain or with an encoding id prefix; may
	 * be null
	 * @return the credentials
	 */
	public static ScrapeCredentials of(String username, @Nullable String password) {
		if (password == null || password.isBlank()) {
			String generated = generatePassword();
			logger.warn("Using generated password for the scrape endpoints (user '{}'): {}  Set "
					+ "observability.endpoint.auth.password (plain or {bcrypt}...) and give the same "
					+ "credentials to Prometheus.", username, generated);
			return new ScrapeCredentials(username, generated, true);
		}
		checkEncoding(password);
		return new ScrapeCredentials(username, password, false);
	}

	/**
	 * Whether these credentials were generated because none were configured.
	 * @return true for a generated password
	 */
	public boolean isGenerated() {
		return this.generated;
	}

	/**
	 * Whether the password is encoded ({@code {bcrypt}}, {@code {pbkdf2}}, ...), so
	 * checking it costs real CPU time.
	 * @return false for a plain or {@code {noop}} password
	 */
	public boolean isEncoded() {
		return this.encoder != null;
	}

	/**
	 * Whether a client sent these credentials. Both parts are always checked, so the time
	 * taken does not tell a wrong user name from a wrong password.
	 * @param username the user name sent
	 * @param password the password sent
	 * @return true when both match
	 */
	public boolean matches(String username, String password) {
		boolean usernameMatches = MessageDigest.isEqual(this.usernameDigest, sha256(username));
		boolean passwordMatches;
		if (this.encoder != null) {
			passwordMatches = this.encoder.matches(password, this.encodedPassword);
		}
		else {
			passwordMatches = MessageDigest.isEqual(this.plainPasswordDigest, sha256(password));
		}
		return usernameMatches & passwordMatches;
	}

	/**
	 * Fails with a message a user can act on when an encoded password cannot be checked.
	 * @param password the configured password; may be null
	 */
	static void checkEncoding(@Nullable String password) {
		if (password == null) {
			return;
		}
		String id = encodingId(password);
		if (id == null || NOOP.equals(id)) {
			return;
		}
		if (!KNOWN_IDS.contains(id)) {
			throw new IllegalArgumentException(
					"unknown password encoding {" + id + "}; use {bcrypt}, {pbkdf2}, " + "{noop} or a plain value");
		}
		if ("bcrypt".equals(id) && !BCRYPT.matcher(password.substring(id.length() + 2)).matches()) {
			throw new IllegalArgumentException("the value after {bcrypt} is not a bcrypt hash");
		}
	}

	private static @Nullable String encodingId(String password) {
		Matcher matcher = ENCODING_ID.matcher(password);
		return matcher.matches() ? matcher.group(1) : null;
	}

	private static String generatePassword() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}
