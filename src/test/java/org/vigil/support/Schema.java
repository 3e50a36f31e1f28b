package org.vigil.support;

import org.flywaydb.core.Flyway;
import org.vigil.status.KeptCounts;
import org.vigil.status.RoomForHotUpdates;

/**
 * Vigil's migrations for a test that writes a database before Vigil starts: the SQL ones
 * and the Java ones, which the application finds as beans.
 */
public final class Schema {

	private Schema() {
	}

	public static Flyway flyway(String url, String user, String password) {
		return Flyway.configure()
			.dataSource(url, user, password)
			.locations("classpath:db/migration")
			.javaMigrations(new RoomForHotUpdates(), new KeptCounts())
			.load();
	}

}
