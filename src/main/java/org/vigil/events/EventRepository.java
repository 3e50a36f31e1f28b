package org.vigil.events;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.RecordMapper;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

/** Reads the history: status events with their status, newest first. */
@Repository
class EventRepository {

	private final DSLContext db;

	EventRepository(DSLContext db) {
		this.db = db;
	}

	/** Conditions may name status_event and integration_status. */
	long count(Condition condition) {
		return this.db.fetchCount(this.db.selectOne()
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.where(condition));
	}

	/**
	 * Events matching a condition, oldest first, with the offering and customer ids that
	 * visibility is decided on in memory (the stream).
	 */
	List<Record> oldestFirst(Condition condition, int limit) {
		return this.db
			.select(STATUS_EVENT.ID, STATUS_EVENT.UUID, STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS,
					STATUS_EVENT.REASON, STATUS_EVENT.CREATED, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE,
					OFFERING.UUID, OFFERING.ID, OFFERING.CUSTOMER_ID)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.where(condition)
			.orderBy(STATUS_EVENT.ID)
			.limit(limit)
			.fetch()
			.map((r) -> (Record) r);
	}

	/** The ids of the newest events, to find the holes a stream must wait for. */
	List<Long> newestIds(int count) {
		return this.db.select(STATUS_EVENT.ID)
			.from(STATUS_EVENT)
			.orderBy(STATUS_EVENT.ID.desc())
			.limit(count)
			.fetch(STATUS_EVENT.ID);
	}

	<T> List<T> page(Condition condition, Page page, RecordMapper<Record, T> mapper) {
		return this.db
			.select(STATUS_EVENT.UUID, STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON,
					STATUS_EVENT.CREATED, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE, OFFERING.UUID)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.where(condition)
			.orderBy(STATUS_EVENT.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch(mapper);
	}

}
