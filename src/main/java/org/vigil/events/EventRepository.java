package org.vigil.events;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.Links;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

/** Reads the history: status events with their status, newest first. */
@Repository
class EventRepository {

	private final DSLContext db;

	EventRepository(DSLContext db) {
		this.db = db;
	}

	/**
	 * The caller's visible events matching {@code filter}, an {@link EventFilter}'s
	 * condition (it may name status_event and integration_status).
	 */
	long count(Caller caller, Condition filter) {
		Condition condition = visible(caller, filter);
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
	List<StoredEvent> oldestFirst(Condition condition, int limit) {
		return this.db
			.select(STATUS_EVENT.ID, STATUS_EVENT.UUID, STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS,
					STATUS_EVENT.REASON, STATUS_EVENT.CREATED, STATUS_EVENT.TIMEOUT_BASIS,
					STATUS_EVENT.EXPECTED_INTERVAL_MS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE,
					OFFERING.UUID, OFFERING.ID, OFFERING.CUSTOMER_ID)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.where(condition)
			.orderBy(STATUS_EVENT.ID)
			.limit(limit)
			.fetch((r) -> new StoredEvent(r.get(STATUS_EVENT.ID), r.get(OFFERING.ID), r.get(OFFERING.CUSTOMER_ID), r));
	}

	/** The ids of the newest events, to find the holes a stream must wait for. */
	List<Long> newestIds(int count) {
		return this.db.select(STATUS_EVENT.ID)
			.from(STATUS_EVENT)
			.orderBy(STATUS_EVENT.ID.desc())
			.limit(count)
			.fetch(STATUS_EVENT.ID);
	}

	List<EventView> page(Caller caller, Condition filter, Page page, Links links) {
		return this.db
			.select(STATUS_EVENT.UUID, STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON,
					STATUS_EVENT.CREATED, STATUS_EVENT.TIMEOUT_BASIS, STATUS_EVENT.EXPECTED_INTERVAL_MS,
					INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE, OFFERING.UUID)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.where(visible(caller, filter))
			.orderBy(STATUS_EVENT.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch((r) -> EventView.of(r, links));
	}

	private static Condition visible(Caller caller, Condition filter) {
		return Visibility.offerings(caller, INTEGRATION_STATUS.OFFERING_ID).and(filter);
	}

	/**
	 * An event read for the stream: its id, the offering and customer visibility is
	 * decided on, and the row {@link EventView#of} reads.
	 */
	record StoredEvent(long id, long offeringId, long customerId, Record row) {
	}

}
