package dev.observability.grpc;

import io.grpc.Status;

/**
 * OpenTelemetry's semantic conventions for gRPC spans: names, attribute keys and which
 * status codes make a span an error.
 */
final class GrpcSpanConventions {

	static final String RPC_SYSTEM = "rpc.system";

	static final String RPC_SERVICE = "rpc.service";

	static final String RPC_METHOD = "rpc.method";

	static final String RPC_GRPC_STATUS_CODE = "rpc.grpc.status_code";

	static final String GRPC = "grpc";

	private static final String[] CODE_VALUES = new String[Status.Code.values().length];

	static {
		for (Status.Code code : Status.Code.values()) {
			CODE_VALUES[code.ordinal()] = Integer.toString(code.value());
		}
	}

	private GrpcSpanConventions() {
	}

	/** The numeric status code as a span attribute value. */
	static String codeValue(Status.Code code) {
		return CODE_VALUES[code.ordinal()];
	}

	/** {@code service/method}, the span name the conventions ask for. */
	static String spanName(String service, String method) {
		return service + "/" + method;
	}

	/**
	 * Whether a status makes a server span an error: only codes that mean the server
	 * failed, not the caller ({@code INVALID_ARGUMENT}, {@code NOT_FOUND}, … stay unset).
	 */
	static boolean isServerError(Status.Code code) {
		return switch (code) {
			case UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS -> true;
			default -> false;
		};
	}

	/** Whether a status makes a client span an error: every code but {@code OK}. */
	static boolean isClientError(Status.Code code) {
		return code != Status.Code.OK;
	}

}
