package org.vigil.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.database.*}: how long Vigil waits for its database. A statement that runs
 * longer than {@code statement-timeout} is cancelled; a connection that says nothing for
 * {@code socket-timeout} (a network partition) is given up; opening one may take
 * {@code connect-timeout}. Schema migrations at start-up may wait
 * {@code migration-timeout} instead. Readiness reflects a probe run every
 * {@code probe-interval} that must succeed within {@code probe-timeout}. The drivers
 * count whole seconds, so the timeouts must be whole seconds.
 */
@ConfigurationProperties("vigil.database")
record DatabaseProperties(@DefaultValue("3s") Duration connectTimeout, @DefaultValue("5s") Duration socketTimeout,
		@DefaultValue("3s") Duration statementTimeout, @DefaultValue("1h") Duration migrationTimeout,
		@DefaultValue("1s") Duration probeInterval, @DefaultValue("2s") Duration probeTimeout) {

	DatabaseProperties {
		wholeSeconds("vigil.database.connect-timeout", connectTimeout);
		wholeSeconds("vigil.database.socket-timeout", socketTimeout);
		wholeSeconds("vigil.database.statement-timeout", statementTimeout);
		wholeSeconds("vigil.database.migration-timeout", migrationTimeout);
		wholeSeconds("vigil.database.probe-timeout", probeTimeout);
		if (probeInterval.isNegative() || probeInterval.isZero()) {
			throw new IllegalArgumentException("vigil.database.probe-interval must be positive, was " + probeInterval);
		}
		// The database cancels a slow statement and answers; past the socket timeout the
		// connection is lost.
		if (statementTimeout.compareTo(socketTimeout) >= 0) {
			throw new IllegalArgumentException("vigil.database.statement-timeout (" + statementTimeout
					+ ") must be shorter than vigil.database.socket-timeout (" + socketTimeout + ")");
		}
	}

	private static void wholeSeconds(String name, Duration value) {
		if (value.isNegative() || value.isZero() || value.toNanosPart() != 0) {
			throw new IllegalArgumentException(
					name + " must be a positive whole number of seconds such as 5s, was " + value);
		}
	}

}
