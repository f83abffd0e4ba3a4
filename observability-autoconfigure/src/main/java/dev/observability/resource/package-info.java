/**
 * Resource attributes: who is emitting the telemetry (service, version, commit,
 * Kubernetes pod, namespace and node), detected once at startup and put on the
 * OpenTelemetry resource, on the {@code target_info} gauge and on {@code /actuator/info}.
 */
@NullMarked
package dev.observability.resource;

import org.jspecify.annotations.NullMarked;
