package dev.observability.errors;

import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.MethodParameter;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The classifier: built-in rules, cause chains, user mappings and classifiers, bad
 * configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErrorClassifierChainTests {

	private final ErrorClassifierChain standard = new ErrorClassifierChain(List.of(new StandardErrorClassifier()));

	@Test
	void timeoutsAreDeadlineExceeded() {
		assertCodes(ErrorCode.DEADLINE_EXCEEDED, new SocketTimeoutException(), new TimeoutException(),
				new HttpTimeoutException("t"), new HttpConnectTimeoutException("t"),
				new AsyncRequestTimeoutException());
	}

	@Test
	void connectionFailuresAreUnavailable() {
		assertCodes(ErrorCode.UNAVAILABLE, new ConnectException(), new UnknownHostException(),
				new NoRouteToHostException(), new ClosedChannelException(), new AsynchronousCloseException());
	}

	@Test
	void badInputIsInvalidArgument() throws Exception {
		MethodParameter parameter = new MethodParameter(getClass().getDeclaredMethod("handler", String.class), 0);
		assertCodes(ErrorCode.INVALID_ARGUMENT, new IllegalArgumentException(), new NumberFormatException(),
				new HttpMessageNotReadableException("unreadable", null),
				new MethodArgumentTypeMismatchException("x", Integer.class, "id", parameter, null),
				new MethodArgumentNotValidException(parameter, new BeanPropertyBindingResult(this, "target")));
	}

	@Test
	void securityExceptionsArePermissionDeniedOrUnauthenticated() {
		assertCodes(ErrorCode.PERMISSION_DENIED, new AccessDeniedException("no"));
		assertCodes(ErrorCode.UNAUTHENTICATED, new BadCredentialsException("who?"));
	}

	@Test
	void missingThingsAreNotFound() {
		assertCodes(ErrorCode.NOT_FOUND, new NoSuchElementException(),
				new NoResourceFoundException(HttpMethod.GET, "/x", "no resource"));
	}

	@Test
	void rejectionCancellationAndUnsupportedHaveTheirCodes() {
		assertCodes(ErrorCode.RESOURCE_EXHAUSTED, new RejectedExecutionException(), new TaskRejectedException("full"));
		assertCodes(ErrorCode.CANCELLED, new CancellationException(), new InterruptedException(),
				new ClosedByInterruptException());
		assertCodes(ErrorCode.UNIMPLEMENTED, new UnsupportedOperationException());
	}

	@Test
	void exceptionsWithAStatusAreClassifiedByTheirStatus() {
		assertThat(code(new ResponseStatusException(HttpStatus.NOT_FOUND))).isEqualTo(ErrorCode.NOT_FOUND);
		assertThat(code(new ResponseStatusException(HttpStatus.CONFLICT))).isEqualTo(ErrorCode.ABORTED);
		assertThat(code(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)))
			.isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
		assertThat(code(new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS)))
			.isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
		assertThat(code(new HttpServerErrorException(HttpStatus.SERVICE_UNAVAILABLE))).isEqualTo(ErrorCode.UNAVAILABLE);
	}

	@Test
	void anythingElseIsUnknownAndNamesTheExceptionItself() {
		IllegalStateException exception = new IllegalStateException("boom");
		ErrorClassification classification = this.standard.classify(exception);
		assertThat(classification.code()).isEqualTo(ErrorCode.UNKNOWN);
		assertThat(classification.exception()).isSameAs(exception);
		assertThat(classification.isError()).isTrue();
	}

	@Test
	void aWrappedCauseDecidesAndIsTheExceptionLabel() {
		SocketTimeoutException timeout = new SocketTimeoutException("read timed out");
		ErrorClassification classification = this.standard
			.classify(new IllegalStateException("upstream failed", new UncheckedIOException(timeout)));
		assertThat(classification.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
		assertThat(classification.exception()).isSameAs(timeout);
	}

	@Test
	void pureWrappersAreSkippedEvenWhenNothingMatches() {
		IllegalStateException cause = new IllegalStateException("inner");
		ErrorClassification classification = this.standard
			.classify(new ExecutionException(new CompletionException(new UndeclaredThrowableException(cause))));
		assertThat(classification.code()).isEqualTo(ErrorCode.UNKNOWN);
		assertThat(classification.exception()).isSameAs(cause);
	}

	@Test
	void theOutermostMatchingExceptionWins() {
		assertThat(code(new IllegalArgumentException("bad", new SocketTimeoutException())))
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
	}

	@Test
	void aCyclicCauseChainTerminates() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second");
		first.initCause(second);
		second.initCause(first);
		assertThat(code(first)).isEqualTo(ErrorCode.UNKNOWN);
	}

	@Test
	void userMappingsComeBeforeTheBuiltInsAndIncludeSubclasses() {
		ErrorClassifierChain chain = new ErrorClassifierChain(List.of(
				new MappedErrorClassifier(Map.of(OrderConflict.class.getName(), ErrorCode.ABORTED,
						NumberFormatException.class.getName(), ErrorCode.OUT_OF_RANGE), getClass().getClassLoader()),
				new StandardErrorClassifier()));
		assertThat(chain.classify(new OrderConflict()).code()).isEqualTo(ErrorCode.ABORTED);
		assertThat(chain.classify(new SpecialOrderConflict()).code()).isEqualTo(ErrorCode.ABORTED);
		assertThat(chain.classify(new NumberFormatException()).code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
		assertThat(chain.classify(new IllegalArgumentException()).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
	}

	@Test
	void userMappingsApplyAnywhereInTheCauseChain() {
		ErrorClassifierChain chain = new ErrorClassifierChain(
				List.of(new MappedErrorClassifier(Map.of(OrderConflict.class.getName(), ErrorCode.ABORTED), null),
						new StandardErrorClassifier()));
		assertThat(chain.classify(new IllegalArgumentException("wrapped", new OrderConflict())).code())
			.isEqualTo(ErrorCode.ABORTED);
	}

	@Test
	void okMarksABusinessNormalOutcome() {
		ErrorClassifierChain chain = new ErrorClassifierChain(
				List.of(new MappedErrorClassifier(Map.of(OrderConflict.class.getName(), ErrorCode.OK), null)));
		ErrorClassification classification = chain.classify(new OrderConflict());
		assertThat(classification.code()).isEqualTo(ErrorCode.OK);
		assertThat(classification.isError()).isFalse();
	}

	@Test
	void userClassifiersAreAskedInOrderAndMayPass() {
		ErrorClassifier passes = (exception) -> null;
		ErrorClassifier conflicts = (exception) -> (exception instanceof OrderConflict) ? ErrorCode.ABORTED : null;
		ErrorClassifierChain chain = new ErrorClassifierChain(
				List.of(passes, conflicts, new StandardErrorClassifier()));
		assertThat(chain.classify(new OrderConflict()).code()).isEqualTo(ErrorCode.ABORTED);
		assertThat(chain.classify(new SocketTimeoutException()).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
	}

	@Test
	void aClassifierThatThrowsGivesUnknownAndIsLoggedOnce(CapturedOutput output) {
		ErrorClassifier broken = (exception) -> {
			throw new IllegalStateException("classifier bug");
		};
		ErrorClassifierChain chain = new ErrorClassifierChain(List.of(broken, new StandardErrorClassifier()));
		for (int i = 0; i < 3; i++) {
			assertThat(chain.classify(new SocketTimeoutException()).code()).isEqualTo(ErrorCode.UNKNOWN);
		}
		// Count the WARN line itself: the exception text may appear more than once in one
		// line
		// (message and stack trace) depending on the log format in use.
		assertThat(output.getOut().split("the exceptions it fails on are reported as UNKNOWN", -1)).hasSize(2);
	}

	@Test
	void anUnknownClassNameFailsNamingTheEntry() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> new MappedErrorClassifier(Map.of("com.example.NoSuchException", ErrorCode.NOT_FOUND), null))
			.withMessageContaining("'com.example.NoSuchException' -> NOT_FOUND")
			.withMessageContaining("no such class");
	}

	@Test
	void aClassThatIsNotAnExceptionFailsNamingTheEntry() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new MappedErrorClassifier(Map.of("java.lang.String", ErrorCode.NOT_FOUND), null))
			.withMessageContaining("'java.lang.String'")
			.withMessageContaining("not a Throwable");
	}

	@ParameterizedTest
	@CsvSource({ "200, OK", "302, OK", "400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED",
			"404, NOT_FOUND", "405, UNIMPLEMENTED", "409, ABORTED", "418, INVALID_ARGUMENT", "429, RESOURCE_EXHAUSTED",
			"499, CANCELLED", "500, INTERNAL", "501, UNIMPLEMENTED", "502, UNAVAILABLE", "503, UNAVAILABLE",
			"504, DEADLINE_EXCEEDED", "599, INTERNAL" })
	void responsesWithoutAnExceptionAreClassifiedByStatus(int status, ErrorCode code) {
		assertThat(this.standard.classify(status)).isEqualTo(code);
	}

	private void assertCodes(ErrorCode expected, Throwable... exceptions) {
		for (Throwable exception : exceptions) {
			assertThat(code(exception)).as(exception.getClass().getName()).isEqualTo(expected);
		}
	}

	private ErrorCode code(Throwable exception) {
		return this.standard.classify(exception).code();
	}

	@SuppressWarnings("unused")
	private void handler(String id) {
	}

	static class OrderConflict extends RuntimeException {

	}

	static class SpecialOrderConflict extends OrderConflict {

	}

}
