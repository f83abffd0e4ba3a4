package dev.observability.naming;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every meter when it is registered and, depending on the {@link NamingMode},
 * renames it, warns, throws or drops it. Each meter is logged once and counted once per
 * rule it breaks.
 */
public class MeterNamingGuard implements MeterFilter {

	private static final Logger logger = LoggerFactory.getLogger(MeterNamingGuard.class);

	private final MeterNameCheck check;

	private final NamingMode mode;

	private final NamingViolations violations;

	private final Set<String> denied = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the guard.
	 * @param check judges names
	 * @param mode what to do with a meter that breaks a rule
	 * @param violations where violations are recorded
	 */
	public MeterNamingGuard(MeterNameCheck check, NamingMode mode, NamingViolations violations) {
		this.check = check;
		this.mode = mode;
		this.violations = violations;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (FrameworkMeterCorrections.isReplaced(id.getName())) {
			return id;
		}
		List<NamingViolation> found = this.check.check(id);
		if (found.isEmpty()) {
			return id;
		}
		boolean firstTime = false;
		for (NamingViolation violation : found) {
			firstTime |= this.violations.record(violation);
		}
		return switch (this.mode) {
			case WARN -> {
				if (firstTime) {
					logger.warn("Meter '{}' breaks naming rules: {}", id.getName(), messages(found));
				}
				yield id;
			}
			case FAIL -> throw new IllegalArgumentException(
					"Meter '" + id.getName() + "' breaks naming rules: " + messages(found));
			case DENY -> {
				this.denied.add(id.getName());
				if (firstTime) {
					logger.warn("Meter '{}' dropped: it breaks naming rules: {}", id.getName(), messages(found));
				}
				yield id;
			}
			case RENAME -> rename(id, found, firstTime);
		};
	}

	private Meter.Id rename(Meter.Id id, List<NamingViolation> found, boolean firstTime) {
		Meter.Id fixed = this.check.fix(id);
		if (fixed.getDescription() == null || fixed.getDescription().isBlank()) {
			// promtool wants HELP text: say plainly that none was given rather than
			// invent one.
			fixed = new Meter.Id(fixed.getName(), io.micrometer.core.instrument.Tags.of(fixed.getTagsAsIterable()),
					fixed.getBaseUnit(), this.check.exportedName(fixed) + " (no description was registered)",
					fixed.getType());
		}
		if (firstTime) {
			List<NamingViolation> remaining = this.check.check(fixed);
			String exported = this.check.exportedName(fixed);
			if (remaining.isEmpty()) {
				logger.warn("Meter '{}' renamed to '{}' to follow Prometheus naming: {}", id.getName(), exported,
						messages(found));
			}
			else {
				logger.warn("Meter '{}' exported as '{}'; it still breaks naming rules that cannot be fixed "
						+ "without changing its values: {}", id.getName(), exported, messages(remaining));
			}
		}
		return fixed;
	}

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return this.denied.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	private static String messages(List<NamingViolation> violations) {
		StringBuilder builder = new StringBuilder();
		for (NamingViolation violation : violations) {
			if (!builder.isEmpty()) {
				builder.append("; ");
			}
			builder.append(violation.rule().description())
				.append(" [")
				.append(violation.rule().id())
				.append("], suggested: ")
				.append(violation.suggestion());
		}
		return builder.toString();
	}

}
