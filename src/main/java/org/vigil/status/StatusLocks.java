package org.vigil.status;

import static org.jooq.impl.DSL.row;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.status.rhythm.Rhythm;

/**
 * How every writer that changes statuses by key locks them: the rows that exist,
 * {@code SELECT ... FOR UPDATE} in {@link StatusKey#LOCK_ORDER}, so that two writers
 * locking overlapping statuses wait for each other instead of deadlocking.
 */
final class StatusLocks {

	private StatusLocks() {
	}

	/** Locks the statuses of these keys that exist, in the lock order. */
	static Map<StatusKey, Locked> lock(DSLContext db, List<StatusKey> keys) {
		Map<StatusKey, Locked> found = new LinkedHashMap<>();
		for (Record r : db
			.select(INTEGRATION_STATUS.ID, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
					INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
					INTEGRATION_STATUS.DEADLINE, INTEGRATION_STATUS.RHYTHM_SAMPLES, INTEGRATION_STATUS.RHYTHM_MEAN,
					INTEGRATION_STATUS.RHYTHM_VARIANCE, INTEGRATION_STATUS.RHYTHM_LONGEST,
					INTEGRATION_STATUS.RHYTHM_RUN, INTEGRATION_STATUS.RHYTHM_RUN_MEAN,
					INTEGRATION_STATUS.RHYTHM_RUN_SQUARES)
			.from(INTEGRATION_STATUS)
			.where(row(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE)
				.in(keys.stream().map((key) -> row(key.offeringId(), key.type().code())).toList()))
			.orderBy(StatusKey.LOCK_ORDER)
			.forUpdate()
			.fetch()) {
			found.put(
					new StatusKey(r.get(INTEGRATION_STATUS.OFFERING_ID),
							AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE))),
					new Locked(r.get(INTEGRATION_STATUS.ID), r.get(INTEGRATION_STATUS.UUID),
							Status.ofCode(r.get(INTEGRATION_STATUS.STATUS)),
							r.get(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP), r.get(INTEGRATION_STATUS.DEADLINE),
							StoredRhythm.rhythm(r)));
		}
		return found;
	}

	/** A locked status as it was when locked, with its deadline and learned rhythm. */
	record Locked(long id, UUID uuid, Status status, Instant lastRequest, Instant deadline, Rhythm rhythm) {
	}

}
