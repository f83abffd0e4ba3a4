/**
 * Trace context and MDC that follow work across threads: a task decorator for Spring's
 * executors, wrappers for user-defined executor beans, a fresh trace per scheduled run,
 * and a small static API for what beans cannot cover.
 */
@NullMarked
package dev.observability.context;

import org.jspecify.annotations.NullMarked;
