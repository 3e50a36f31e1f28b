package org.vigil.alerts.window;

import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;
import static org.vigil.db.Tables.MAINTENANCE_WINDOW;
import static org.vigil.db.Tables.MAINTENANCE_WINDOW_OFFERING;

import java.time.Instant;

import org.jooq.Condition;
import org.jooq.Field;

/** When a status is under maintenance: one rule, for the planner and the API alike. */
public final class Maintenance {

	private Maintenance() {
	}

	/**
	 * Whether a window of the customer is active at {@code now} and covers the offering:
	 * it names no offerings (the whole customer) or names this one.
	 */
	public static Condition covers(Field<Long> customerId, Field<Long> offeringId, Instant now) {
		return exists(selectOne().from(MAINTENANCE_WINDOW).where(coversNow(customerId, offeringId, now)));
	}

	/**
	 * The same rule for one window, the {@code maintenance_window} row of the enclosing
	 * query: whether it is active at {@code now} and covers the offering of that
	 * customer. The API shows with it which offerings a window covers, so the dashboard
	 * need not decide.
	 */
	static Condition coversNow(Field<Long> customerId, Field<Long> offeringId, Instant now) {
		var window = MAINTENANCE_WINDOW;
		var offerings = MAINTENANCE_WINDOW_OFFERING;
		return window.CUSTOMER_ID.eq(customerId)
			.and(active(now))
			.and(notExists(selectOne().from(offerings).where(offerings.MAINTENANCE_WINDOW_ID.eq(window.ID)))
				.or(exists(selectOne().from(offerings)
					.where(offerings.MAINTENANCE_WINDOW_ID.eq(window.ID))
					.and(offerings.OFFERING_ID.eq(offeringId)))));
	}

	/** Whether a window is active at {@code now}: started, not yet ended. */
	static Condition active(Instant now) {
		return MAINTENANCE_WINDOW.STARTS.le(now).and(MAINTENANCE_WINDOW.ENDS.gt(now));
	}

}
