package dev.observability.doctor;

import java.util.List;

/**
 * One focused check of the pitfall report. Every bean of this type contributes its
 * findings, so an application (or a later capability) adds a check by declaring a bean.
 * <p>
 * A check runs each time the report is computed, on a refreshed context: it reads beans
 * and state, creates nothing, and is cheap. A check that throws becomes a {@code warn}
 * finding of its own rather than breaking the report.
 */
@FunctionalInterface
public interface PitfallCheck {

	/**
	 * Checks the running application.
	 * @return the findings, including the {@code ok} ones, never {@code null}
	 */
	List<Finding> check();

}
