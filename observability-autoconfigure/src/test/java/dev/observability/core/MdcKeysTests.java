package dev.observability.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request or a call does to the MDC of a borrowed thread is undone exactly, for
 * the keys it owns and for no others.
 */
class MdcKeysTests {

	private final MdcKeys keys = MdcKeys.of("method", "route", "code");

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void restorePutsBackPreviousValuesAndRemovesKeysThatWereAbsent() {
		MDC.put("method", "GET");
		String[] saved = this.keys.save();
		MDC.put("method", "POST");
		MDC.put("route", "/api/users/{id}");
		MDC.put("code", "200");
		this.keys.restore(saved);
		assertThat(MDC.get("method")).isEqualTo("GET");
		assertThat(MDC.get("route")).isNull();
		assertThat(MDC.get("code")).isNull();
	}

	@Test
	void keysOutsideTheSetAreLeftAlone() {
		MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		String[] saved = this.keys.save();
		MDC.put("traceId", "changed");
		MDC.put("route", "/api");
		this.keys.restore(saved);
		this.keys.remove();
		assertThat(MDC.get("traceId")).isEqualTo("changed");
		assertThat(MDC.get("route")).isNull();
	}

	@Test
	void aThreadWithoutTheKeysSavesNothingAndGetsTheKeysRemovedAgain() {
		MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		String[] saved = this.keys.save();
		assertThat(saved).isNull();
		MDC.put("method", "GET");
		MDC.put("code", "404");
		this.keys.restore(saved);
		assertThat(MDC.get("method")).isNull();
		assertThat(MDC.get("code")).isNull();
		assertThat(MDC.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void aReusedArrayIsRefilledWithTheCurrentValues() {
		MDC.put("code", "OK");
		String[] first = this.keys.save(null);
		MDC.remove("code");
		MDC.put("route", "/next");
		String[] second = this.keys.save(first);
		assertThat(second).isSameAs(first).containsExactly(null, "/next", null);
		MDC.clear();
		assertThat(this.keys.save(first)).isSameAs(first).containsExactly(null, null, null);
	}

}
