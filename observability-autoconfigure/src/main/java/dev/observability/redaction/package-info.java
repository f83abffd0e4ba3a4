/**
 * Redaction of sensitive tags: a meter filter that replaces secret or personal tag values
 * by {@code REDACTED} (and drops denied meters) before any registry stores them, and the
 * redactor business events use for their attributes.
 */
package dev.observability.redaction;
