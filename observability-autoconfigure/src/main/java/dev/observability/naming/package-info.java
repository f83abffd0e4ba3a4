/**
 * Metric naming: the application namespace and naming rules for application metrics, the
 * naming guard that checks every meter registered, the cardinality guard, and corrections
 * of framework meters.
 */
@NullMarked
package dev.observability.naming;

import org.jspecify.annotations.NullMarked;
