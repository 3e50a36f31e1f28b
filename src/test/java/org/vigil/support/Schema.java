package org.vigil.support;

import org.flywaydb.core.Flyway;

/**
 * Vigil's migrations for a test that writes a database before Vigil starts: the SQL ones
 * in the resources' {@code db/migration} and the Java ones in package
 * {@code db.migration}, both found at the location the application uses.
 */
public final class Schema {

	private Schema() {
	}

	public static Flyway flyway(String url, String user, String password) {
		return Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load();
	}

}
