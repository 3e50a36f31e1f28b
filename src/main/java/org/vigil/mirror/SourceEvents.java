package org.vigil.mirror;

import static org.vigil.db.Tables.MIRROR_SOURCE_EVENT;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

/**
 * A source's changes of state, its history: written with the change, read newest first.
 */
@Repository
class SourceEvents {

	private final DSLContext db;

	SourceEvents(DSLContext db) {
		this.db = db;
	}

	/** Keeps one change; returns its id. Runs in the transaction of the change. */
	long record(long sourceId, SourceState from, SourceState to, String error, Instant at) {
		return this.db.insertInto(MIRROR_SOURCE_EVENT)
			.set(MIRROR_SOURCE_EVENT.UUID, UUID.randomUUID())
			.set(MIRROR_SOURCE_EVENT.SOURCE_ID, sourceId)
			.set(MIRROR_SOURCE_EVENT.FROM_STATE, from.label())
			.set(MIRROR_SOURCE_EVENT.TO_STATE, to.label())
			.set(MIRROR_SOURCE_EVENT.ERROR, error)
			.set(MIRROR_SOURCE_EVENT.CREATED, at)
			.returningResult(MIRROR_SOURCE_EVENT.ID)
			.fetchOne(MIRROR_SOURCE_EVENT.ID);
	}

	long count(long sourceId) {
		return this.db.fetchCount(MIRROR_SOURCE_EVENT, MIRROR_SOURCE_EVENT.SOURCE_ID.eq(sourceId));
	}

	List<SourceEvent> page(long sourceId, Page page) {
		return this.db.selectFrom(MIRROR_SOURCE_EVENT)
			.where(MIRROR_SOURCE_EVENT.SOURCE_ID.eq(sourceId))
			.orderBy(MIRROR_SOURCE_EVENT.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch((r) -> new SourceEvent(r.getUuid(), r.getFromState(), r.getToState(), r.getError(), r.getCreated()));
	}

	record SourceEvent(UUID uuid, String fromState, String toState, String error, Instant created) {
	}

}
