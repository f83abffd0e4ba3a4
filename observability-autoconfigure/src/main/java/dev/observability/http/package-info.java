/**
 * HTTP measurement at the protocol entry: one servlet filter that owns request metrics,
 * the server span, the request's MDC fields and the access log.
 */
@NullMarked
package dev.observability.http;

import org.jspecify.annotations.NullMarked;
