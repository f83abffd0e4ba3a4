package dev.observability.doctor;

import java.util.Arrays;
import java.util.List;

import org.springframework.context.ApplicationContext;

/**
 * Assertions for a service's own tests: fail the build while a monitoring pitfall is
 * open. Needs no test framework: a failure is an {@link AssertionError} whose message is
 * the readable report.
 *
 * <pre class="code">
 * PitfallAssertions.assertNoOpenPitfalls(context, "resource.kubernetes");
 * </pre>
 */
public final class PitfallAssertions {

	private PitfallAssertions() {
	}

	/**
	 * Asserts that the application has no open findings.
	 * @param context the running application's context
	 * @throws AssertionError with the report when a finding is open
	 */
	public static void assertNoOpenPitfalls(ApplicationContext context) {
		assertNoOpenPitfalls(context, new String[0]);
	}

	/**
	 * Asserts that the application has no open findings other than the allowed ones.
	 * @param context the running application's context
	 * @param allowedIds ids of findings the team accepts as open, such as
	 * {@code resource.kubernetes} for a test outside a cluster
	 * @throws AssertionError with the report when another finding is open
	 */
	public static void assertNoOpenPitfalls(ApplicationContext context, String... allowedIds) {
		PitfallReport report = reportOf(context);
		List<String> allowed = Arrays.asList(allowedIds);
		List<Finding> open = report.openExcept(allowed);
		if (!open.isEmpty()) {
			StringBuilder message = new StringBuilder();
			message.append(open.size()).append(" open pitfall finding(s) not allowed: ");
			message.append(String.join(", ", open.stream().map(Finding::id).distinct().toList()));
			if (!allowed.isEmpty()) {
				message.append(" (allowed: ").append(String.join(", ", allowed)).append(')');
			}
			message.append("\n\n").append(report.toText());
			throw new AssertionError(message.toString());
		}
	}

	/**
	 * Computes the report of an application.
	 * @param context the running application's context
	 * @return the report
	 * @throws AssertionError when the context has no pitfall report
	 */
	public static PitfallReport reportOf(ApplicationContext context) {
		String[] doctors = context.getBeanNamesForType(PitfallDoctor.class);
		if (doctors.length == 0) {
			throw new AssertionError("The context has no pitfall report: add the observability starter and keep "
					+ "observability.doctor.enabled=true");
		}
		return context.getBean(doctors[0], PitfallDoctor.class).report();
	}

}
