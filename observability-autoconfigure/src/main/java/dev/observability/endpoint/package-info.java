/**
 * The metrics exposure layer: HTTP basic auth in front of the scrape endpoints, on Spring
 * MVC and on WebFlux alike, and redaction of sensitive tags before any registry stores
 * them.
 */
@NullMarked
package dev.observability.endpoint;

import org.jspecify.annotations.NullMarked;
