/**
 * The shop's inventory as a gRPC service (generated from
 * {@code src/main/proto/inventory.proto}), served by Spring gRPC on its own port and
 * called by the order flow through a gRPC channel.
 */
package dev.observability.sample.inventory;
