package org.vigil.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

import org.h2.api.Trigger;

/**
 * H2's form of the triggers that keep {@code integration_status_tally} (migration 15):
 * one row appended per status inserted or deleted, two per status whose status or agent
 * type changed, none for any other update (a check-in that renews an Active status).
 */
public class TallyTrigger implements Trigger {

	private int status = -1;

	private int agentType = -1;

	@Override
	public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
			throws SQLException {
		try (ResultSet columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
			while (columns.next()) {
				String name = columns.getString("COLUMN_NAME");
				int index = columns.getInt("ORDINAL_POSITION") - 1;
				if (name.equalsIgnoreCase("status")) {
					this.status = index;
				}
				else if (name.equalsIgnoreCase("agent_type")) {
					this.agentType = index;
				}
			}
		}
		if (this.status < 0 || this.agentType < 0) {
			throw new SQLException("No status or agent_type column in " + tableName);
		}
	}

	@Override
	public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
		if (oldRow != null && newRow != null && Objects.equals(oldRow[this.status], newRow[this.status])
				&& Objects.equals(oldRow[this.agentType], newRow[this.agentType])) {
			return;
		}
		try (PreparedStatement insert = conn
			.prepareStatement("INSERT INTO integration_status_tally (status, agent_type, n) VALUES (?, ?, ?)")) {
			if (oldRow != null) {
				add(insert, oldRow, -1);
			}
			if (newRow != null) {
				add(insert, newRow, 1);
			}
			insert.executeBatch();
		}
	}

	private void add(PreparedStatement insert, Object[] row, long n) throws SQLException {
		insert.setObject(1, row[this.status]);
		insert.setObject(2, row[this.agentType]);
		insert.setLong(3, n);
		insert.addBatch();
	}

}
