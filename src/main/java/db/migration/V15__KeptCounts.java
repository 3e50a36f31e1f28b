package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 15: {@code integration_status_tally}, the number of statuses per status and
 * agent type, kept by triggers (read by {@code org.vigil.status.StatusCounts}). Java
 * rather than SQL because the triggers are written differently for each database: the
 * scripts are {@code db/tally/postgresql.sql} and {@code db/tally/h2.sql}. Flyway finds
 * it here, in package {@code db.migration}, as it finds the SQL migrations in the
 * resources' {@code db/migration}; version and description are those that databases
 * migrated by earlier builds (where it was {@code org.vigil.status.KeptCounts}) recorded.
 */
public class V15__KeptCounts extends BaseJavaMigration {

	/** As earlier builds recorded it: the class name alone would give "KeptCounts". */
	@Override
	public String getDescription() {
		return "kept counts";
	}

	@Override
	public void migrate(Context context) throws Exception {
		boolean postgres = "PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName());
		String script = script(postgres ? "postgresql" : "h2");
		try (Statement statement = context.getConnection().createStatement()) {
			if (postgres) {
				// The driver splits the statements itself, dollar-quoted bodies included.
				statement.execute(script);
			}
			else {
				for (String sql : script.split(";\\s*\\n")) {
					if (!sql.isBlank()) {
						statement.execute(sql);
					}
				}
			}
		}
	}

	private static String script(String vendor) throws IOException {
		try (InputStream in = V15__KeptCounts.class.getResourceAsStream("/db/tally/" + vendor + ".sql")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
