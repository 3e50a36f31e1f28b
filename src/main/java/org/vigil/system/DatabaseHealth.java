package org.vigil.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health (part of readiness), in place of Boot's, which asks the database
 * in the request's thread with no time limit: during a network partition a probe would
 * hang. Here a background probe checks a connection every
 * {@code vigil.database.probe-interval}, and the health answers at once from its result:
 * DOWN as soon as a probe fails, or when none has succeeded for a probe interval plus
 * {@code vigil.database.probe-timeout}.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator, SmartLifecycle {

	private final DataSource dataSource;

	private final DatabaseProperties properties;

	private volatile long upUntil = System.nanoTime();

	private volatile String problem = "Not probed yet.";

	private ScheduledExecutorService probes;

	DatabaseHealth(DataSource dataSource, DatabaseProperties properties) {
		this.dataSource = dataSource;
		this.properties = properties;
	}

	@Override
	public Health health() {
		if (this.problem == null && System.nanoTime() - this.upUntil < 0) {
			return Health.up().build();
		}
		String problem = this.problem;
		return Health.down()
			.withDetail("error", (problem != null) ? problem : "The database has not answered in time.")
			.build();
	}

	private void probe() {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.isValid((int) this.properties.probeTimeout().toSeconds())) {
				throw new SQLException("The connection is not valid.");
			}
			// Until the next probe has had its time to answer.
			this.upUntil = System.nanoTime()
					+ this.properties.probeInterval().plus(this.properties.probeTimeout()).toNanos();
			this.problem = null;
		}
		catch (SQLException | RuntimeException ex) {
			this.problem = ex.getMessage();
		}
	}

	@Override
	public void start() {
		this.probes = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "vigil-database-probe");
			thread.setDaemon(true);
			return thread;
		});
		this.probes.scheduleWithFixedDelay(this::probe, 0, this.properties.probeInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.probes.shutdownNow();
		this.probes = null;
	}

	@Override
	public boolean isRunning() {
		return this.probes != null;
	}

}
