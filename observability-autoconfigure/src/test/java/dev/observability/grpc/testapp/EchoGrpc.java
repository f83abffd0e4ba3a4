package dev.observability.grpc.testapp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.slf4j.MDC;

import static org.awaitility.Awaitility.await;

/**
 * A hand-written gRPC service with string messages, one method per call type, so that the
 * tests need no generated code. The unary method's request is a command:
 * <ul>
 * <li>{@code ok}: answers {@code ok}</li>
 * <li>{@code invalid}: throws {@link IllegalArgumentException} (mapped by the
 * application's handler)</li>
 * <li>{@code out-of-stock}: throws {@link OutOfStockException}, which the application's
 * handler maps to {@code FAILED_PRECONDITION} and the classifier knows nothing about</li>
 * <li>{@code timeout}: throws a {@link SocketTimeoutException} wrapped in a
 * {@link CompletionException}</li>
 * <li>{@code boom}: throws {@link IllegalStateException}</li>
 * <li>{@code not-found}: throws {@code Status.NOT_FOUND.asRuntimeException()}</li>
 * <li>{@code sleep}: answers after 2 seconds</li>
 * <li>{@code mdc}: answers with the MDC fields {@code service|method|traceId}</li>
 * </ul>
 */
public final class EchoGrpc {

	public static final String SERVICE = "test.Echo";

	public static final MethodDescriptor<String, String> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);

	public static final MethodDescriptor<String, String> SERVER_STREAM = method("ServerStream",
			MethodDescriptor.MethodType.SERVER_STREAMING);

	public static final MethodDescriptor<String, String> CLIENT_STREAM = method("ClientStream",
			MethodDescriptor.MethodType.CLIENT_STREAMING);

	public static final MethodDescriptor<String, String> BIDI = method("Bidi",
			MethodDescriptor.MethodType.BIDI_STREAMING);

	private EchoGrpc() {
	}

	/** A descriptor of a method the service does not have. */
	public static MethodDescriptor<String, String> missing(String name) {
		return method(name, MethodDescriptor.MethodType.UNARY);
	}

	private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(StringMarshaller.INSTANCE)
			.setResponseMarshaller(StringMarshaller.INSTANCE)
			.build();
	}

	/** The MDC fields the tests look at, as {@code service|method|traceId}. */
	public static String mdc() {
		return MDC.get("service") + "|" + MDC.get("method") + "|" + MDC.get("traceId");
	}

	public static ServerServiceDefinition service() {
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(UNARY, ServerCalls.asyncUnaryCall(EchoGrpc::unary))
			.addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(EchoGrpc::serverStream))
			.addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(EchoGrpc::clientStream))
			.addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(EchoGrpc::bidi))
			.build();
	}

	private static void unary(String command, StreamObserver<String> responses) {
		String answer = switch (command) {
			case "invalid" -> throw new IllegalArgumentException("quantity must be positive");
			case "out-of-stock" -> throw new OutOfStockException();
			case "timeout" -> throw new CompletionException(new SocketTimeoutException("Read timed out"));
			case "boom" -> throw new IllegalStateException("secret internal detail");
			case "not-found" -> throw Status.NOT_FOUND.withDescription("no such item").asRuntimeException();
			case "until-cancelled" -> untilCancelled(responses);
			case "mdc" -> mdc();
			default -> command;
		};
		responses.onNext(answer);
		responses.onCompleted();
	}

	/**
	 * Holds the call until the client gives up on it (its deadline passes or it cancels).
	 */
	private static String untilCancelled(StreamObserver<String> responses) {
		ServerCallStreamObserver<String> call = (ServerCallStreamObserver<String>) responses;
		await().atMost(Duration.ofSeconds(10)).until(call::isCancelled);
		return "cancelled";
	}

	/**
	 * Sends {@code n} messages; for {@code forever}, one message and then nothing, the
	 * stream left open until the client cancels it.
	 */
	private static void serverStream(String request, StreamObserver<String> responses) {
		if (request.equals("forever")) {
			responses.onNext("tick");
			return;
		}
		int count = Integer.parseInt(request);
		for (int i = 0; i < count; i++) {
			responses.onNext(mdc());
		}
		responses.onCompleted();
	}

	private static StreamObserver<String> clientStream(StreamObserver<String> responses) {
		StringBuilder all = new StringBuilder();
		return new StreamObserver<>() {
			@Override
			public void onNext(String value) {
				all.append(value);
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				responses.onNext(all + "|" + mdc());
				responses.onCompleted();
			}
		};
	}

	private static StreamObserver<String> bidi(StreamObserver<String> responses) {
		return new StreamObserver<>() {
			@Override
			public void onNext(String value) {
				responses.onNext(value + "|" + mdc());
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				responses.onCompleted();
			}
		};
	}

	/** UTF-8 strings as messages. */
	enum StringMarshaller implements MethodDescriptor.Marshaller<String> {

		INSTANCE;

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * A business exception of the application: no built-in rule and no mapping classify
	 * it.
	 */
	public static final class OutOfStockException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		OutOfStockException() {
			super("not enough items in stock");
		}

	}

}
