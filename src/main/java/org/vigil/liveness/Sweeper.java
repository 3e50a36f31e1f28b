package org.vigil.liveness;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.LIVENESS_HEARTBEAT;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jooq.DSLContext;
import org.vigil.system.Clocks;
import org.vigil.events.StatusEvents;
import org.vigil.events.StatusEvents.Transition;
import org.vigil.status.Status;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The liveness engine's SQL. Expired statuses are found through the deadline index
 * (deadline is set only while Active), so a sweep costs the number of expired rows, not
 * the table. They are moved with a compare-and-set
 * ({@code WHERE id IN (...) AND status = Active AND deadline <= now}) and get an event
 * only if that update changed them: several instances may sweep the same rows at once and
 * every transition still happens exactly once. A check-in that holds a row's lock wins,
 * and the compare-and-set then finds a new deadline.
 */
@Component
class Sweeper {

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final StatusEvents events;

	private final Clock clock;

	private final LivenessProperties properties;

	Sweeper(DSLContext db, TransactionTemplate transactions, StatusEvents events, Clock clock,
			LivenessProperties properties) {
		this.db = db;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Disconnects at most {@code limit} statuses whose deadline is at least the settle
	 * margin in the past; returns how many it looked at.
	 */
	int sweep(int limit) {
		return this.transactions.execute((tx) -> {
			Instant now = Clocks.now(this.clock);
			Instant expiredBy = now.minus(this.properties.settle());
			List<Long> expired = this.db.select(INTEGRATION_STATUS.ID)
				.from(INTEGRATION_STATUS)
				.where(INTEGRATION_STATUS.DEADLINE.le(expiredBy))
				.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
				.orderBy(INTEGRATION_STATUS.DEADLINE)
				.limit(limit)
				.fetch(INTEGRATION_STATUS.ID);
			if (expired.isEmpty()) {
				heartbeat(now);
				return 0;
			}
			// Lock in (offering_id, agent_type) order, the order check-ins lock rows in.
			this.db.select(INTEGRATION_STATUS.ID)
				.from(INTEGRATION_STATUS)
				.where(INTEGRATION_STATUS.ID.in(expired))
				.orderBy(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE)
				.forUpdate()
				.execute();
			// The compare-and-set for the whole batch in one statement: RETURNING names
			// exactly the
			// rows this transaction changed, and only those get an event.
			List<Transition> transitions = this.db.update(INTEGRATION_STATUS)
				.set(INTEGRATION_STATUS.STATUS, Status.DISCONNECTED.code())
				.setNull(INTEGRATION_STATUS.DEADLINE)
				.where(INTEGRATION_STATUS.ID.in(expired))
				.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
				.and(INTEGRATION_STATUS.DEADLINE.le(expiredBy))
				.returningResult(INTEGRATION_STATUS.ID)
				.fetch((r) -> new Transition(r.value1(), Status.ACTIVE, Status.DISCONNECTED));
			this.events.record(transitions, StatusEvents.TIMEOUT, now);
			heartbeat(now);
			return expired.size();
		});
	}

	/** When some instance last swept, or null if none ever did. */
	Instant lastSweep() {
		return this.db.select(LIVENESS_HEARTBEAT.SWEPT_AT)
			.from(LIVENESS_HEARTBEAT)
			.where(LIVENESS_HEARTBEAT.ID.eq(1))
			.fetchOne(LIVENESS_HEARTBEAT.SWEPT_AT);
	}

	/**
	 * Deadlines that passed while nobody watched move to {@code now + grace}; returns how
	 * many.
	 */
	int extendMissedDeadlines(java.time.Duration grace) {
		Instant now = Clocks.now(this.clock);
		return this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.DEADLINE, now.plus(grace))
			.where(INTEGRATION_STATUS.DEADLINE.le(now))
			.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
			.execute();
	}

	private void heartbeat(Instant now) {
		this.db.update(LIVENESS_HEARTBEAT)
			.set(LIVENESS_HEARTBEAT.SWEPT_AT, now)
			.where(LIVENESS_HEARTBEAT.ID.eq(1))
			.execute();
	}

}
