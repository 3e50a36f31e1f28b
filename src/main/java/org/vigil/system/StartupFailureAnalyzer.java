package org.vigil.system;

import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Turns the start-up mistakes a newcomer makes (a busy port, a database that is missing,
 * away, locked or misspelt, a {@link StartupRefusal}) into a problem and a remedy, which
 * {@link StartupFailureReporter} prints as one line. It runs before Spring Boot's own
 * analyzers; what it does not know it leaves to them. Registered in
 * {@code META-INF/spring.factories}.
 */
class StartupFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final int H2_DATABASE_ALREADY_OPEN = 90020;

	private static final int H2_CONNECTION_BROKEN = 90067;

	private final DatabaseUrl url;

	StartupFailureAnalyzer(Environment environment) {
		this.url = DatabaseUrl.of(environment);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		List<Throwable> chain = chain(failure);
		for (Throwable cause : chain) {
			if (cause instanceof StartupRefusal refusal) {
				return new FailureAnalysis(refusal.problem(), refusal.remedy(), failure);
			}
			if (cause instanceof PortInUseException busy) {
				return new FailureAnalysis("port " + busy.getPort() + " is in use.",
						"Stop the other program or set SERVER_PORT.", failure);
			}
			if (cause instanceof BeanCreationException creation && "dataSource".equals(creation.getBeanName())
					&& !this.url.isJdbc()) {
				return new FailureAnalysis("SPRING_DATASOURCE_URL lacks the jdbc: prefix.",
						"Put it in front, e.g. " + this.url.withJdbcPrefix() + ".", failure);
			}
			if (cause instanceof SQLException sql) {
				FailureAnalysis analysis = database(sql, chain.get(chain.size() - 1), failure);
				if (analysis != null) {
					return analysis;
				}
			}
		}
		return null;
	}

	private FailureAnalysis database(SQLException sql, Throwable root, Throwable failure) {
		String state = (sql.getSQLState() != null) ? sql.getSQLState() : "";
		if (sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
			Path file = this.url.h2File();
			return new FailureAnalysis(
					"the data file " + ((file != null) ? file : this.url.describe())
							+ " is in use by another Vigil (or another program).",
					"Stop the other Vigil, or give this one its own data directory: "
							+ "SPRING_DATASOURCE_URL=jdbc:h2:file:/another/directory/vigil.",
					failure);
		}
		if (state.equals("3D000")) {
			return new FailureAnalysis(
					"the PostgreSQL database " + this.url.postgresqlDatabase() + " does not exist on "
							+ this.url.postgresqlServer() + ".",
					"Create it (createdb " + this.url.postgresqlDatabase() + ") or fix SPRING_DATASOURCE_URL.",
					failure);
		}
		if (state.equals("28P01") || state.equals("28000")) {
			return new FailureAnalysis("the " + this.url.describe() + " refused the user name or password.",
					"Check SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.", failure);
		}
		if (state.startsWith("08") || sql.getErrorCode() == H2_CONNECTION_BROKEN) {
			String where = this.url.isPostgresql() ? "PostgreSQL at " + this.url.postgresqlServer()
					: this.url.describe();
			String reason = (root instanceof UnknownHostException) ? "unknown host " + root.getMessage()
					: root.getMessage();
			return new FailureAnalysis("cannot reach " + where + " (" + reason + ").",
					"Start the database or fix the host and port in SPRING_DATASOURCE_URL.", failure);
		}
		return null;
	}

	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

}
