package dev.observability.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Computes the pitfall report by running every {@link PitfallCheck}.
 */
public class PitfallDoctor {

	private final Supplier<List<PitfallCheck>> checks;

	/**
	 * Creates the doctor.
	 * @param checks supplies the checks each time a report is computed, so checks defined
	 * later are included
	 */
	public PitfallDoctor(Supplier<List<PitfallCheck>> checks) {
		this.checks = checks;
	}

	/**
	 * Runs every check now.
	 * @return the report
	 */
	public PitfallReport report() {
		List<Finding> findings = new ArrayList<>();
		for (PitfallCheck check : this.checks.get()) {
			try {
				findings.addAll(check.check());
			}
			catch (RuntimeException ex) {
				findings.add(Finding.warn("doctor.check-failed", Pitfall.HARDENING,
						check.getClass().getName() + " failed: " + ex,
						"report it; the other findings are still valid"));
			}
		}
		return new PitfallReport(findings);
	}

}
