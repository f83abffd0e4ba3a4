/**
 * Error classification and counting: every exception the starter sees is classified into
 * a canonical code and counted in {@code errors_total}, and the request's span is marked
 * failed.
 */
@NullMarked
package dev.observability.errors;

import org.jspecify.annotations.NullMarked;
