package org.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;

import org.flywaydb.core.api.MigrationInfo;
import org.assertj.core.groups.Tuple;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.vigil.support.Schema;

/**
 * Migrations 14 and 15 are Java classes in package {@code db.migration}, found by Flyway
 * at the application's location beside the SQL ones. Earlier builds registered them as
 * beans from {@code org.vigil.status}; a database they migrated must still validate, so
 * the version, description, type and (absent) checksum must stay as those builds recorded
 * them. On a fresh H2 database, or in the PostgreSQL pass on a fresh schema.
 */
class JavaMigrationsTest {

	private static final String PASS_URL = System.getProperty("spring.datasource.url", "");

	@Test
	void theJavaMigrationsAreFoundAndADatabaseOfEarlierBuildsValidates() throws SQLException {
		String schema = "java_migrations_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		boolean postgres = PASS_URL.startsWith("jdbc:postgresql:");
		String url = postgres ? PASS_URL + (PASS_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema
				: "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1";
		if (postgres) {
			execute(PASS_URL, "CREATE SCHEMA " + schema);
		}
		try {
			Schema.flyway(url, "sa", "").migrate();
			MigrationInfo[] javaMigrations = Arrays.stream(Schema.flyway(url, "sa", "").info().all())
				.filter((info) -> info.getType().name().equals("JDBC"))
				.toArray(MigrationInfo[]::new);
			assertThat(javaMigrations)
				.extracting((info) -> info.getVersion().getVersion(), MigrationInfo::getDescription,
						MigrationInfo::getState, MigrationInfo::getChecksum)
				.containsExactly(Tuple.tuple("14", "room for hot updates", MigrationState.SUCCESS, null),
						Tuple.tuple("15", "kept counts", MigrationState.SUCCESS, null));

			// The history as an earlier build wrote it: the same rows, naming the old
			// classes.
			execute(url,
					"UPDATE \"flyway_schema_history\" SET \"script\" = 'org.vigil.status.RoomForHotUpdates' WHERE \"version\" = '14'",
					"UPDATE \"flyway_schema_history\" SET \"script\" = 'org.vigil.status.KeptCounts' WHERE \"version\" = '15'");

			assertThatCode(() -> Schema.flyway(url, "sa", "").validate()).doesNotThrowAnyException();
		}
		finally {
			if (postgres) {
				execute(PASS_URL, "DROP SCHEMA " + schema + " CASCADE");
			}
			else {
				execute(url, "SHUTDOWN");
			}
		}
	}

	private static void execute(String url, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
