/**
 * Outbound HTTP measurement: one observation handler for RestClient and RestTemplate,
 * reached through a registry of the starter's own, and one exchange filter for WebClient,
 * installed through Spring Boot's builders, that own the client metrics, the client span
 * and the error count of every call.
 */
@NullMarked
package dev.observability.client;

import org.jspecify.annotations.NullMarked;
