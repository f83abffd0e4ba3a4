/**
 * gRPC calls measured and traced at the protocol entry: a server interceptor and stream
 * tracer that record the status the client received, an exception handler that classifies
 * what escapes a service method, and a client interceptor that propagates the trace and
 * records the client's view of each call.
 */
@NullMarked
package dev.observability.grpc;

import org.jspecify.annotations.NullMarked;
