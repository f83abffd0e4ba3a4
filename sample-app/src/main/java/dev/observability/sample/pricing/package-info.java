/**
 * The shop's pricing as an HTTP API, and the client the order flow calls it through: the
 * shop's outbound HTTP hop, measured and traced by the starter.
 */
package dev.observability.sample.pricing;
