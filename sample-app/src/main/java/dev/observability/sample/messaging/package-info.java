/**
 * The shop's Kafka hop: each order placed is published as an {@code order-placed} record
 * and consumed by a listener in the same application, in the trace of the HTTP request
 * that placed it. Without {@code spring.kafka.bootstrap-servers} the shop runs Apache
 * Kafka's own broker in-process.
 */
package dev.observability.sample.messaging;
