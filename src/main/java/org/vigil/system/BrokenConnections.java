package org.vigil.system;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * HikariCP drops a pooled connection when the driver reports it broken, which PostgreSQL
 * does with SQL state class 08. H2 (used over TCP) reports a lost server with its own
 * error codes instead; without this a pool would keep handing out dead H2 connections
 * after an outage.
 */
public class BrokenConnections implements SQLExceptionOverride {

	private static final int H2_CONNECTION_BROKEN = 90067;

	private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;

	private static final int H2_OBJECT_CLOSED = 90007;

	@java.lang.Override
	public Override adjudicate(SQLException ex) {
		return switch (ex.getErrorCode()) {
			case H2_CONNECTION_BROKEN, H2_DATABASE_CALLED_AT_SHUTDOWN, H2_OBJECT_CLOSED -> Override.MUST_EVICT;
			default -> Override.CONTINUE_EVICT;
		};
	}

}
