/**
 * Alert rules, an Alertmanager configuration and a Grafana dashboard generated from the
 * service's own configuration, served by the {@code alertrules} and
 * {@code grafanadashboard} actuator endpoints.
 */
package dev.observability.alerting;
