/**
 * Alert rules, an Alertmanager configuration and a Grafana dashboard generated from the
 * service's own configuration, served by the {@code alertrules} and
 * {@code grafanadashboard} actuator endpoints.
 */
@NullMarked
package dev.observability.alerting;

import org.jspecify.annotations.NullMarked;
