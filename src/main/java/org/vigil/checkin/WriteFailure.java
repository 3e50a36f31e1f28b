package org.vigil.checkin;

import java.sql.SQLException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Why writing check-ins failed: the database being unavailable, or something about one
 * check-in.
 */
final class WriteFailure {

	/**
	 * PostgreSQL's foreign_key_violation and H2's "parent missing": the offering was
	 * deleted.
	 */
	private static final Set<String> OFFERING_GONE = Set.of("23503", "23506");

	/**
	 * Text the database cannot store: too long, or characters its encoding lacks (a
	 * database created as LATIN1 cannot store every character Vigil accepts).
	 * service_name is the only text a check-in stores as given.
	 */
	private static final Set<String> UNSTORABLE_TEXT = Set.of("22001", "22021", "22P05");

	private WriteFailure() {
	}

	/**
	 * Nothing about the batch: the database cannot be reached, did not answer in time, or
	 * a lock was held elsewhere too long (written again, or in halves, it would wait just
	 * as long).
	 */
	static boolean databaseUnavailable(Throwable ex) {
		return ex instanceof GroupCommit.Unavailable || ex instanceof DataAccessResourceFailureException
				|| ex instanceof TransientDataAccessException || ex instanceof TransactionException
				|| ex instanceof org.jooq.exception.DataAccessException;
	}

	static boolean offeringGone(Throwable ex) {
		return OFFERING_GONE.contains(sqlState(ex));
	}

	static boolean unstorableText(Throwable ex) {
		return UNSTORABLE_TEXT.contains(sqlState(ex));
	}

	/**
	 * The SQL state the database gave, looking into causes and batch exceptions' chains;
	 * "" if none.
	 */
	static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				for (SQLException next = sql; next != null; next = next.getNextException()) {
					if (next.getSQLState() != null) {
						return next.getSQLState();
					}
				}
			}
		}
		return "";
	}

}
