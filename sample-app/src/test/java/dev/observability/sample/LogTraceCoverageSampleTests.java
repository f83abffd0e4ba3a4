package dev.observability.sample;

import dev.observability.doctor.Finding;
import dev.observability.doctor.FindingSeverity;
import dev.observability.doctor.PitfallAssertions;
import dev.observability.selfcheck.LogTraceCoverage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop keeps its trace context: after traffic on every endpoint (HTTP, the gRPC
 * restock call, async work on the decorated executors), none of the log lines written
 * while a request was in progress lacks a trace id.
 */
class LogTraceCoverageSampleTests {

	@Test
	void everyLineTheShopWritesDuringARequestCarriesATraceId() {
		try (RunningShop shop = RunningShop.start()) {
			shop.driveEveryEndpoint();
			LogTraceCoverage coverage = shop.context().getBean(LogTraceCoverage.class);
			assertThat(coverage.linesInProgress()).isPositive();
			Finding finding = PitfallAssertions.reportOf(shop.context()).finding("logs.trace-coverage").orElseThrow();
			assertThat(finding.severity()).as(finding.message()).isEqualTo(FindingSeverity.OK);
			assertThat(finding.message()).startsWith("0.0 % of ");
			assertThat(coverage.linesWithoutTrace()).isZero();
		}
	}

}
