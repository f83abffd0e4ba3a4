/**
 * Messaging: trace context, MDC fields, metrics and classified errors across producer →
 * broker → listener, for Kafka through spring-kafka.
 */
package dev.observability.messaging;
