package dev.observability.redaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises tag values that look like secrets or personal data, whatever their key. Runs
 * once per meter registration, never per scrape.
 */
enum SecretValueDetector {

	/**
	 * A JSON Web Token: three base64url parts, the first one a JSON object ("eyJ...").
	 */
	JWT {

		private final Pattern pattern = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");

		@Override
		public boolean detects(String value) {
			return this.pattern.matcher(value).find();
		}

	},

	/** An HTTP bearer credential: "Bearer" followed by a token. */
	BEARER_TOKEN {

		private final Pattern pattern = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}");

		@Override
		public boolean detects(String value) {
			return this.pattern.matcher(value).find();
		}

	},

	/** An e-mail address. */
	EMAIL {

		private final Pattern pattern = Pattern
			.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

		@Override
		public boolean detects(String value) {
			return this.pattern.matcher(value).find();
		}

	},

	/**
	 * A payment card number: 13 to 19 digits, spaces or dashes allowed, passing the Luhn
	 * check.
	 */
	CARD_NUMBER {

		private final Pattern pattern = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");

		@Override
		public boolean detects(String value) {
			Matcher matcher = this.pattern.matcher(value);
			while (matcher.find()) {
				if (passesLuhn(matcher.group())) {
					return true;
				}
			}
			return false;
		}

	},

	/**
	 * A long random-looking string: 32 or more hex digits, or 32 or more base64
	 * characters mixing upper case, lower case and digits with high entropy (API keys,
	 * hashes, session ids).
	 */
	HIGH_ENTROPY {

		private final Pattern pattern = Pattern.compile("[A-Za-z0-9+/_=-]{32,}");

		private final Pattern hex = Pattern.compile("[0-9a-fA-F]{32,}");

		@Override
		public boolean detects(String value) {
			Matcher matcher = this.pattern.matcher(value);
			while (matcher.find()) {
				String candidate = matcher.group();
				if (this.hex.matcher(candidate).find() || looksRandom(candidate)) {
					return true;
				}
			}
			return false;
		}

	};

	/**
	 * Bits per character above which a mixed-case alphanumeric string counts as random.
	 */
	static final double RANDOM_ENTROPY_BITS = 4.2;

	/**
	 * Whether the value looks like what this detector looks for.
	 * @param value a tag value
	 * @return true when the value should be redacted
	 */
	public abstract boolean detects(String value);

	static boolean passesLuhn(String candidate) {
		int sum = 0;
		boolean doubled = false;
		int digits = 0;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			doubled = !doubled;
			digits++;
		}
		return digits >= 13 && sum % 10 == 0 && !allSame(candidate);
	}

	private static boolean allSame(String candidate) {
		char first = 0;
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			if (c >= '0' && c <= '9') {
				if (first == 0) {
					first = c;
				}
				else if (c != first) {
					return false;
				}
			}
		}
		return true;
	}

	static boolean looksRandom(String candidate) {
		boolean upper = false;
		boolean lower = false;
		boolean digit = false;
		int[] counts = new int[128];
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			upper |= Character.isUpperCase(c);
			lower |= Character.isLowerCase(c);
			digit |= Character.isDigit(c);
			counts[c & 0x7f]++;
		}
		return upper && lower && digit && entropy(counts, candidate.length()) >= RANDOM_ENTROPY_BITS;
	}

	private static double entropy(int[] counts, int length) {
		double bits = 0;
		for (int count : counts) {
			if (count > 0) {
				double p = (double) count / length;
				bits -= p * (Math.log(p) / Math.log(2));
			}
		}
		return bits;
	}

}
