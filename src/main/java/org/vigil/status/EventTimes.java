package org.vigil.status;

import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.jooq.DSLContext;

/**
 * An event is never earlier than the last event of its status, so every history is in
 * time order even when instances' clocks differ a little or an upstream's time lags: a
 * writer reads the last events of the statuses it locked and dates each new event
 * {@link #notBefore} them.
 */
final class EventTimes {

	private EventTimes() {
	}

	/**
	 * The time of the last event of each of these statuses that has one. Read after the
	 * statuses were locked: the last event of a status is the one with the highest id,
	 * written under the row's lock.
	 */
	static Map<Long, Instant> lastEvents(DSLContext db, Collection<Long> statusIds) {
		Map<Long, Instant> found = new HashMap<>();
		if (statusIds.isEmpty()) {
			return found;
		}
		db.select(STATUS_EVENT.INTEGRATION_STATUS_ID, STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.ID.in(select(max(STATUS_EVENT.ID)).from(STATUS_EVENT)
				.where(STATUS_EVENT.INTEGRATION_STATUS_ID.in(statusIds))
				.groupBy(STATUS_EVENT.INTEGRATION_STATUS_ID)))
			.forEach((r) -> found.put(r.value1(), r.value2()));
		return found;
	}

	/** {@code when}, or a microsecond after {@code last} if it is not after it. */
	static Instant notBefore(Instant when, Instant last) {
		return (last != null && !when.isAfter(last)) ? last.plus(1, ChronoUnit.MICROS) : when;
	}

}
