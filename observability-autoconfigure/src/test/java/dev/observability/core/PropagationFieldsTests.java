package dev.observability.core;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class PropagationFieldsTests {

	@Test
	void aRemoteBaggageFieldAloneCountsAsContext() {
		PropagationFields fields = new PropagationFields(List.of("traceparent", "tracestate", "baggage", "X-User-Id"));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		assertThat(fields.presentIn(request, HttpServletRequest::getHeader)).isFalse();
		request.addHeader("x-user-id", "42");
		assertThat(fields.presentIn(request, HttpServletRequest::getHeader)).isTrue();
	}

	@Test
	void singleHeaderB3AlsoListensForTheMultiHeaders() {
		PropagationFields fields = new PropagationFields(List.of("b3"));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(fields.presentIn(request, HttpServletRequest::getHeader)).isTrue();
	}

	@Test
	void withoutB3TheMultiHeadersAreNotFields() {
		PropagationFields fields = new PropagationFields(List.of("traceparent"));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(fields.presentIn(request, HttpServletRequest::getHeader)).isFalse();
	}

}
