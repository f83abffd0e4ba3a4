package dev.observability.selfcheck;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Attaches a {@link TraceCoverageAppender} to Logback's root logger while the application
 * context runs, and detaches it on close. Does nothing when SLF4J is bound to another
 * backend.
 */
final class TraceCoverageInstaller
		implements InitializingBean, DisposableBean, ApplicationListener<ApplicationReadyEvent> {

	private final LogTraceCoverage coverage;

	private @Nullable TraceCoverageAppender appender;

	private @Nullable Logger root;

	TraceCoverageInstaller(LogTraceCoverage coverage) {
		this.coverage = coverage;
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		TraceCoverageAppender appender = new TraceCoverageAppender(this.coverage);
		appender.setContext(context);
		appender.start();
		this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.root.addAppender(appender);
		this.appender = appender;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.coverage.startupComplete();
	}

	/** Whether the appender is attached. */
	boolean isInstalled() {
		TraceCoverageAppender appender = this.appender;
		Logger root = this.root;
		return appender != null && root != null && root.isAttached(appender);
	}

	@Override
	public void destroy() {
		TraceCoverageAppender appender = this.appender;
		Logger root = this.root;
		if (appender != null && root != null) {
			root.detachAppender(appender);
			appender.stop();
			this.appender = null;
		}
	}

}
