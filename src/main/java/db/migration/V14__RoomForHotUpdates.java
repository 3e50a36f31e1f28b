package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 14, PostgreSQL only (H2 has no such setting, hence Java rather than SQL):
 * pages of integration_status are filled to 90 %, so that a check-in finds room for the
 * new row version on the same page and stays a HOT update (V13). Measured with
 * bench/hot.sh at a million statuses: 75 % of the first check-ins after a bulk load were
 * HOT at the default 100 %, all of them at 90 %. Existing pages get the room as they are
 * rewritten ({@code VACUUM FULL integration_status} gives it at once). Version and
 * description are those that databases migrated by earlier builds (where it was
 * {@code org.vigil.status.RoomForHotUpdates}) recorded.
 */
public class V14__RoomForHotUpdates implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("14");
	}

	@Override
	public String getDescription() {
		return "room for hot updates";
	}

	@Override
	public Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		if (!"PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName())) {
			return;
		}
		try (Statement statement = context.getConnection().createStatement()) {
			statement.execute("ALTER TABLE integration_status SET (fillfactor = 90)");
		}
	}

}
