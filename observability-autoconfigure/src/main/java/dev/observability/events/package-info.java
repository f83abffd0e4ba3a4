/**
 * Business events: an allowlist, sampling of what is not allowed, exact counters on the
 * calling thread, and a bounded lock-free queue drained by one thread that writes the log
 * line and the span event.
 */
@NullMarked
package dev.observability.events;

import org.jspecify.annotations.NullMarked;
