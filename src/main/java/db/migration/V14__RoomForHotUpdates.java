package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

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
public class V14__RoomForHotUpdates extends BaseJavaMigration {

	/**
	 * As earlier builds recorded it: the class name alone would give "RoomForHotUpdates".
	 */
	@Override
	public String getDescription() {
		return "room for hot updates";
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
