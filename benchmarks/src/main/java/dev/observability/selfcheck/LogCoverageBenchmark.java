package dev.observability.selfcheck;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the log/trace coverage counter costs per log event: Logback events per second
 * through a logger whose only other appender reads the event's MDC and drops it (as an
 * encoder would read it), with and without the starter's {@link TraceCoverageAppender} on
 * the root logger; with a trace id in the MDC (the usual case) and without one while work
 * is in progress (the tallying path).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class LogCoverageBenchmark {

	/** A Logback context of its own, with or without the counter. */
	@State(Scope.Benchmark)
	public static class Logging {

		@Param({ "without", "with" })
		public String counter;

		@Param({ "present", "absent" })
		public String trace;

		LoggerContext context;

		LogTraceCoverage coverage;

		Logger logger;

		@Setup(Level.Trial)
		public void setUp() {
			// The global context: its MDC adapter is the one MDC.put writes to.
			this.context = (LoggerContext) LoggerFactory.getILoggerFactory();
			this.context.reset();
			Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			root.setLevel(ch.qos.logback.classic.Level.INFO);
			MdcReadingAppender sink = new MdcReadingAppender();
			sink.setContext(this.context);
			sink.start();
			root.addAppender(sink);
			if (this.counter.equals("with")) {
				this.coverage = new LogTraceCoverage(() -> true);
				LogTraceCoverage coverage = this.coverage;
				coverage.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
				// As after ApplicationReadyEvent: lines written before it never count.
				coverage.startupComplete();
				TraceCoverageAppender appender = new TraceCoverageAppender(coverage);
				appender.setContext(this.context);
				appender.start();
				root.addAppender(appender);
			}
			this.logger = this.context.getLogger("dev.observability.benchmarks.Orders");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.coverage != null) {
				// The measured path is the intended one: with a trace id nothing is
				// tallied.
				boolean tallied = this.coverage.linesWithoutTrace() > 0;
				if (tallied != this.trace.equals("absent")) {
					throw new IllegalStateException("trace=" + this.trace + " but lines without trace id: "
							+ this.coverage.linesWithoutTrace());
				}
			}
			this.context.reset();
		}

	}

	/** The MDC of the benchmark thread, set once: a request in progress. */
	@State(Scope.Thread)
	public static class Request {

		@Setup(Level.Trial)
		public void setUp(Logging logging) {
			MDC.put("method", "GET");
			if (logging.trace.equals("present")) {
				MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
				MDC.put("spanId", "00f067aa0ba902b7");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			MDC.clear();
		}

	}

	@Benchmark
	public void logEvent(Logging logging, Request request) {
		logging.logger.info("order {} placed", 42);
	}

	/** Reads what a layout would read from each event, writes nothing. */
	static final class MdcReadingAppender extends AppenderBase<ILoggingEvent> {

		int seen;

		@Override
		protected void append(ILoggingEvent event) {
			this.seen += event.getMDCPropertyMap().size() + event.getFormattedMessage().length();
		}

	}

}
