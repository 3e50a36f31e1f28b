package org.vigil.liveness;

import static org.vigil.db.Tables.LIVENESS_HEARTBEAT;

import java.time.Clock;
import java.time.Instant;

import org.jooq.DSLContext;
import org.vigil.system.Clocks;

import org.springframework.stereotype.Component;

/**
 * When some instance last swept, shared by all instances: an instance that starts after
 * nobody swept for a while knows Vigil itself was down.
 */
@Component
class Heartbeat {

	private final DSLContext db;

	private final Clock clock;

	Heartbeat(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/** Records that this instance swept just now. */
	void beat() {
		this.db.update(LIVENESS_HEARTBEAT)
			.set(LIVENESS_HEARTBEAT.SWEPT_AT, Clocks.now(this.clock))
			.where(LIVENESS_HEARTBEAT.ID.eq(1))
			.execute();
	}

	/**
	 * Records that Vigil's own downtime ended at {@code end}: no instance swept for a
	 * while before it.
	 */
	void watchedSince(Instant end) {
		this.db.update(LIVENESS_HEARTBEAT)
			.set(LIVENESS_HEARTBEAT.WATCHED_SINCE, end)
			.where(LIVENESS_HEARTBEAT.ID.eq(1))
			.execute();
	}

	/** When Vigil's own last downtime ended, or null if it never was down. */
	Instant watchedSince() {
		return this.db.select(LIVENESS_HEARTBEAT.WATCHED_SINCE)
			.from(LIVENESS_HEARTBEAT)
			.where(LIVENESS_HEARTBEAT.ID.eq(1))
			.fetchOne(LIVENESS_HEARTBEAT.WATCHED_SINCE);
	}

	/** When some instance last swept, or null if none ever did. */
	Instant lastSweep() {
		return this.db.select(LIVENESS_HEARTBEAT.SWEPT_AT)
			.from(LIVENESS_HEARTBEAT)
			.where(LIVENESS_HEARTBEAT.ID.eq(1))
			.fetchOne(LIVENESS_HEARTBEAT.SWEPT_AT);
	}

}
