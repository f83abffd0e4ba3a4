package dev.observability.events;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which event names are valid.
 */
class EventNameCheckTests {

	private final EventNameCheck check = new EventNameCheck(20, List.of("framework_"));

	@Test
	void snakeCaseNamesAreValid() {
		assertThat(this.check.isValid("checkout_submit")).isTrue();
		assertThat(this.check.isValid("payment_success_3ds")).isTrue();
		assertThat(this.check.problem("checkout_submit")).isNull();
	}

	@Test
	void otherSpellingsAreInvalidAndSayWhy() {
		for (String name : new String[] { "CheckoutSubmit", "checkout-submit", "checkout.submit", "1st_order",
				"_private", "checkout submit", "" }) {
			assertThat(this.check.isValid(name)).as(name).isFalse();
			assertThat(this.check.problem(name)).as(name).isNotNull();
		}
		assertThat(this.check.isValid(null)).isFalse();
		assertThat(this.check.problem("Checkout")).contains("snake_case");
	}

	@Test
	void reservedPrefixIsInvalid() {
		assertThat(this.check.isValid("framework_context_refreshed")).isFalse();
		assertThat(this.check.problem("framework_x")).contains("reserved prefix 'framework_'");
	}

	@Test
	void longNamesAreInvalid() {
		assertThat(this.check.isValid("a".repeat(20))).isTrue();
		assertThat(this.check.isValid("a".repeat(21))).isFalse();
		assertThat(this.check.problem("a".repeat(21))).contains("longer than 20");
	}

}
