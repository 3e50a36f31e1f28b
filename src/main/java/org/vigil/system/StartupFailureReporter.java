package org.vigil.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Says why Vigil did not start in one line, instead of Spring Boot's banner of a report
 * (whose logger is off in application.properties). Spring Boot logs no stack trace for a
 * failure that a {@link org.springframework.boot.diagnostics.FailureAnalyzer} explained;
 * it is kept at debug level here ({@code logging.level.org.vigil.system=debug}).
 * Registered in {@code META-INF/spring.factories}.
 */
class StartupFailureReporter implements FailureAnalysisReporter {

	private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

	@Override
	public void report(FailureAnalysis analysis) {
		String description = analysis.getDescription().strip();
		String action = (analysis.getAction() != null) ? analysis.getAction().strip() : "";
		// Spring Boot's own analyses span several lines: their action goes on a line of
		// its own.
		String separator = description.contains("\n") ? System.lineSeparator() : " ";
		log.error("Vigil did not start: {}{}{}", description, action.isEmpty() ? "" : separator, action);
		log.debug("The failure behind that", analysis.getCause());
	}

}
