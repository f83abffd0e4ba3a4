package dev.observability.doctor;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code observability} actuator endpoint: the pitfall report of this service as
 * JSON, computed on each read.
 */
@Endpoint(id = "observability")
public class PitfallReportEndpoint {

	private final PitfallDoctor doctor;

	public PitfallReportEndpoint(PitfallDoctor doctor) {
		this.doctor = doctor;
	}

	@ReadOperation
	public Map<String, Object> report() {
		return this.doctor.report().toMap();
	}

}
