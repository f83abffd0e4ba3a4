package dev.observability.doctor;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings for the pitfall report.
 */
@ConfigurationProperties("observability.doctor")
public class DoctorProperties {

	/**
	 * Whether the pitfall report, its actuator endpoint and its startup line are
	 * installed.
	 */
	private boolean enabled = true;

	/**
	 * Whether one line summarising the open findings is logged when the application is
	 * ready (WARN when any is open).
	 */
	private boolean logOnStartup = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isLogOnStartup() {
		return this.logOnStartup;
	}

	public void setLogOnStartup(boolean logOnStartup) {
		this.logOnStartup = logOnStartup;
	}

}
