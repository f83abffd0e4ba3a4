/**
 * The sample shop on WebFlux: users, orders (with a hop to a boundedElastic worker and a
 * WebClient call to the shop's own inventory API) and an endpoint that fails.
 */
package dev.observability.sample.reactive;
