package org.vigil.status;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.noCondition;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SelectOnConditionStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

/** Reads integration statuses with their offering and customer, for the API. */
@Repository
public class StatusRepository {

	/**
	 * When the status took its present value: the time of its latest event, found through
	 * (integration_status_id, id) for the rows of the page only (events of a status are
	 * in time order, so the latest id is the latest time).
	 */
	private static final Field<Instant> SINCE = field(DSL.select(STATUS_EVENT.CREATED)
		.from(STATUS_EVENT)
		.where(STATUS_EVENT.INTEGRATION_STATUS_ID.eq(INTEGRATION_STATUS.ID))
		.orderBy(STATUS_EVENT.ID.desc())
		.limit(1)).as("status_since");

	/** At least this many rows are read by seen_floor to bound a page oldest first. */
	private static final int HEAD = 200;

	private static final int MAX_HEAD = 40_000;

	private final DSLContext db;

	StatusRepository(DSLContext db) {
		this.db = db;
	}

	/**
	 * Counts on integration_status alone: every filter is a condition on its own columns.
	 */
	long count(Condition condition) {
		return this.db.fetchCount(INTEGRATION_STATUS, condition);
	}

	/**
	 * The rows of the page are chosen on integration_status alone (PostgreSQL then keeps
	 * only the best rows while it scans, instead of sorting every joined row), and only
	 * they are joined.
	 */
	List<StatusRow> page(Condition condition, List<SortField<?>> order, boolean oldestFirst, Page page) {
		Condition candidates = oldestFirst ? condition.and(oldEnough(condition, page)) : condition;
		Table<Record1<Long>> chosen = this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.where(candidates)
			.orderBy(order)
			.limit(page.size())
			.offset(page.offset())
			.asTable("chosen");
		return select().join(chosen)
			.on(chosen.field(INTEGRATION_STATUS.ID).eq(INTEGRATION_STATUS.ID))
			.orderBy(order)
			.fetch(StatusRepository::row);
	}

	/**
	 * Oldest first without an index on last_request_timestamp (which every check-in would
	 * have to update): seen_floor is indexed and never after it (V13). Of the first rows
	 * by seen_floor, the {@code wanted}-th oldest exact time E bounds the page: at least
	 * {@code wanted} rows are no newer than E, so every row of the page is no newer than
	 * E, and so has seen_floor <= E. Only those rows are sorted.
	 */
	private Condition oldEnough(Condition condition, Page page) {
		long wanted = page.offset() + page.size();
		if (wanted > MAX_HEAD / 4) {
			// Deep pages: sorting the candidates costs more than sorting everything.
			return noCondition();
		}
		List<Instant> head = this.db.select(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.from(INTEGRATION_STATUS)
			.where(condition)
			.and(INTEGRATION_STATUS.SEEN_FLOOR.isNotNull())
			.and(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.isNotNull())
			.orderBy(INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.ID)
			.limit(Math.max(HEAD, 4 * (int) wanted))
			.fetch(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP);
		if (head.size() < wanted) {
			return noCondition();
		}
		head.sort(null);
		return INTEGRATION_STATUS.SEEN_FLOOR.le(head.get((int) wanted - 1));
	}

	public Optional<StatusRow> find(Condition condition) {
		return select().where(condition).fetchOptional(StatusRepository::row);
	}

	private SelectOnConditionStep<? extends Record> select() {
		return this.db
			.select(INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS,
					INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, INTEGRATION_STATUS.SERVICE_NAME,
					INTEGRATION_STATUS.DEADLINE, SINCE, OFFERING.UUID, OFFERING.NAME, CUSTOMER.UUID, CUSTOMER.NAME,
					MIRROR_SOURCE.NAME, MIRROR_SOURCE.URL)
			.from(INTEGRATION_STATUS)
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
			.leftJoin(MIRROR_SOURCE)
			.on(MIRROR_SOURCE.ID.eq(OFFERING.SOURCE_ID));
	}

	private static StatusRow row(Record r) {
		return new StatusRow(r.get(INTEGRATION_STATUS.UUID), AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)),
				Status.ofCode(r.get(INTEGRATION_STATUS.STATUS)), r.get(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP),
				r.get(INTEGRATION_STATUS.SERVICE_NAME), r.get(OFFERING.UUID), r.get(OFFERING.NAME),
				r.get(CUSTOMER.UUID), r.get(CUSTOMER.NAME), r.get(INTEGRATION_STATUS.DEADLINE), r.get(SINCE),
				r.get(MIRROR_SOURCE.NAME), r.get(MIRROR_SOURCE.URL));
	}

}
