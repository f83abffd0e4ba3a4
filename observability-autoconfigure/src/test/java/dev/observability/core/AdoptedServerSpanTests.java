package dev.observability.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Using a server span someone else started: only a valid current span is adopted, and the
 * adopted scope leaves the thread's context and trace MDC entries as it found them.
 */
class AdoptedServerSpanTests {

	private final SdkTracerProvider provider = SdkTracerProvider.builder().build();

	@AfterEach
	void clear() {
		MDC.clear();
		this.provider.close();
	}

	@Test
	void withoutACurrentSpanNothingIsAdopted() {
		assertThat(AdoptedServerSpan.current()).isNull();
	}

	@Test
	void theCurrentSpanIsAdoptedInAContextOfItsOwn() {
		Span agents = this.provider.get("agent").spanBuilder("GET").startSpan();
		try (Scope outer = agents.makeCurrent()) {
			Context adopted = AdoptedServerSpan.current();
			assertThat(adopted).isNotNull().isNotSameAs(Context.current());
			assertThat(Span.fromContext(adopted)).isSameAs(agents);
			try (Scope scope = AdoptedServerSpan.open(adopted)) {
				assertThat(Span.current()).isSameAs(agents);
			}
			assertThat(Span.current()).isSameAs(agents);
		}
		finally {
			agents.end();
		}
	}

	@Test
	void closingTheScopePutsBackTheTraceMdcEntriesTheThreadHad() {
		Span agents = this.provider.get("agent").spanBuilder("GET").startSpan();
		try (Scope outer = agents.makeCurrent()) {
			// whatever Spring Boot's MDC listener (if an earlier test installed it) wrote
			MDC.put("traceId", "before");
			MDC.remove("spanId");
			Context adopted = AdoptedServerSpan.current();
			assertThat(adopted).isNotNull();
			AdoptedServerSpan.open(adopted).close();
			assertThat(MDC.get("traceId")).isEqualTo("before");
			assertThat(MDC.get("spanId")).isNull();
		}
		finally {
			agents.end();
		}
	}

}
