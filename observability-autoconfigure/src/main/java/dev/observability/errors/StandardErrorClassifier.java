package dev.observability.errors;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The built-in rules: well-known exceptions of the JDK, Spring, Spring Security, Jakarta
 * Persistence and Validation, gRPC and the Kafka client, matched by class name
 * (subclasses included) so that none of those libraries needs to be present. Exceptions
 * that carry a status (Spring's {@code ErrorResponse}, {@code ResponseStatusException},
 * REST client response exceptions, gRPC's {@code StatusRuntimeException}) are classified
 * by that status.
 */
public class StandardErrorClassifier implements ErrorClassifier {

	private static final ClassNameRules<Rule> RULES = new ClassNameRules<>(rules());

	@Override
	public @Nullable ErrorCode classify(Throwable exception) {
		Rule rule = RULES.ruleFor(exception.getClass());
		return (rule != null) ? rule.codeOf(exception) : null;
	}

	private static Map<String, Rule> rules() {
		Map<String, Rule> rules = new LinkedHashMap<>();
		fixed(rules, ErrorCode.DEADLINE_EXCEEDED, "java.net.SocketTimeoutException",
				"java.util.concurrent.TimeoutException", "java.net.http.HttpTimeoutException",
				"java.nio.channels.InterruptedByTimeoutException", "java.sql.SQLTimeoutException",
				"org.springframework.web.context.request.async.AsyncRequestTimeoutException",
				"org.springframework.dao.QueryTimeoutException",
				"org.springframework.transaction.TransactionTimedOutException",
				"jakarta.persistence.QueryTimeoutException", "io.netty.handler.timeout.TimeoutException",
				"io.netty.channel.ConnectTimeoutException", "org.apache.kafka.common.errors.TimeoutException");
		fixed(rules, ErrorCode.UNAVAILABLE, "java.net.ConnectException", "java.net.UnknownHostException",
				"java.net.NoRouteToHostException", "java.nio.channels.ClosedChannelException",
				"org.springframework.dao.DataAccessResourceFailureException",
				"org.apache.kafka.common.errors.NetworkException",
				"org.apache.kafka.common.errors.BrokerNotAvailableException",
				"org.apache.kafka.common.errors.LeaderNotAvailableException",
				"org.apache.kafka.common.errors.NotEnoughReplicasException");
		fixed(rules, ErrorCode.INVALID_ARGUMENT, "java.lang.IllegalArgumentException",
				"org.springframework.web.bind.MethodArgumentNotValidException",
				"org.springframework.http.converter.HttpMessageNotReadableException",
				"org.springframework.web.method.annotation.MethodArgumentTypeMismatchException",
				"org.springframework.validation.BindException", "jakarta.validation.ConstraintViolationException",
				"org.apache.kafka.common.errors.SerializationException",
				"org.apache.kafka.common.errors.RecordTooLargeException");
		fixed(rules, ErrorCode.PERMISSION_DENIED, "org.springframework.security.access.AccessDeniedException",
				"org.apache.kafka.common.errors.AuthorizationException");
		fixed(rules, ErrorCode.UNAUTHENTICATED, "org.springframework.security.core.AuthenticationException",
				"org.apache.kafka.common.errors.AuthenticationException");
		fixed(rules, ErrorCode.NOT_FOUND, "java.util.NoSuchElementException",
				"org.springframework.dao.EmptyResultDataAccessException",
				"org.springframework.orm.ObjectRetrievalFailureException",
				"org.springframework.web.servlet.resource.NoResourceFoundException",
				"jakarta.persistence.EntityNotFoundException");
		fixed(rules, ErrorCode.ALREADY_EXISTS, "org.springframework.dao.DuplicateKeyException");
		fixed(rules, ErrorCode.ABORTED, "org.springframework.dao.OptimisticLockingFailureException");
		fixed(rules, ErrorCode.RESOURCE_EXHAUSTED, "java.util.concurrent.RejectedExecutionException");
		// ClosedByInterruptException is a ClosedChannelException, but the thread was
		// interrupted.
		fixed(rules, ErrorCode.CANCELLED, "java.util.concurrent.CancellationException",
				"java.lang.InterruptedException", "java.nio.channels.ClosedByInterruptException");
		fixed(rules, ErrorCode.UNIMPLEMENTED, "java.lang.UnsupportedOperationException");
		// Lambdas rather than method references: SpringStatus must load only when a rule
		// fires.
		rules.put("org.springframework.web.ErrorResponse", (exception) -> SpringStatus.errorResponse(exception));
		rules.put("org.springframework.web.client.RestClientResponseException",
				(exception) -> SpringStatus.clientResponse(exception));
		rules.put("org.springframework.web.reactive.function.client.WebClientResponseException",
				(exception) -> SpringStatus.webClientResponse(exception));
		rules.put("io.grpc.StatusRuntimeException", StandardErrorClassifier::grpcStatus);
		rules.put("io.grpc.StatusException", StandardErrorClassifier::grpcStatus);
		return rules;
	}

	private static void fixed(Map<String, Rule> rules, ErrorCode code, String... classNames) {
		Rule rule = (exception) -> code;
		for (String className : classNames) {
			rules.put(className, rule);
		}
	}

	/**
	 * Reads {@code getStatus().getCode()} reflectively, so that grpc-api need not be
	 * present.
	 */
	private static @Nullable ErrorCode grpcStatus(Throwable exception) {
		try {
			Object status = invoke(exception, "getStatus");
			Object code = (status != null) ? invoke(status, "getCode") : null;
			return (code instanceof Enum<?> name) ? ErrorCode.valueOf(name.name()) : null;
		}
		catch (ReflectiveOperationException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable Object invoke(Object target, String methodName) throws ReflectiveOperationException {
		Method method = target.getClass().getMethod(methodName);
		return method.invoke(target);
	}

	/** A rule for one exception type. */
	@FunctionalInterface
	private interface Rule {

		@Nullable ErrorCode codeOf(Throwable exception);

	}

	/**
	 * Keeps the spring-web types out of the outer class so that it loads without them.
	 */
	private static final class SpringStatus {

		static ErrorCode errorResponse(Throwable exception) {
			return ErrorCode.forHttpStatus(((org.springframework.web.ErrorResponse) exception).getStatusCode().value());
		}

		static ErrorCode clientResponse(Throwable exception) {
			return ErrorCode.forHttpStatus(
					((org.springframework.web.client.RestClientResponseException) exception).getStatusCode().value());
		}

		static ErrorCode webClientResponse(Throwable exception) {
			return ErrorCode
				.forHttpStatus(((org.springframework.web.reactive.function.client.WebClientResponseException) exception)
					.getStatusCode()
					.value());
		}

	}

}
