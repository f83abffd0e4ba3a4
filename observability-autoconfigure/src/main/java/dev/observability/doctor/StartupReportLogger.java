package dev.observability.doctor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Logs one line when the application is ready: a WARN naming the open findings, or an
 * INFO that there are none.
 */
public class StartupReportLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(StartupReportLogger.class);

	private final PitfallDoctor doctor;

	public StartupReportLogger(PitfallDoctor doctor) {
		this.doctor = doctor;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		PitfallReport report = this.doctor.report();
		if (report.openIds().isEmpty()) {
			logger.info(report.summary());
		}
		else {
			logger.warn("{}. Details and fixes: /actuator/observability", report.summary());
		}
	}

}
