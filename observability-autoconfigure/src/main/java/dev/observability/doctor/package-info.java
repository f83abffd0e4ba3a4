/**
 * The pitfall report: which monitoring pitfalls are still open in this running service,
 * as the {@code observability} actuator endpoint, one WARN line at startup, and
 * {@link dev.observability.doctor.PitfallAssertions} for a service's own tests.
 */
@NullMarked
package dev.observability.doctor;

import org.jspecify.annotations.NullMarked;
