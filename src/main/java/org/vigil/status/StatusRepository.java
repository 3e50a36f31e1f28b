package org.vigil.status;

import static org.jooq.impl.DSL.field;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
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

	private final DSLContext db;

	private final StatusCandidates candidates;

	private final StatusCounts counts;

	private final Timeouts timeouts;

	private final MirroredTimeouts mirrored;

	StatusRepository(DSLContext db, StatusCandidates candidates, StatusCounts counts, Timeouts timeouts,
			MirroredTimeouts mirrored) {
		this.db = db;
		this.candidates = candidates;
		this.counts = counts;
		this.timeouts = timeouts;
		this.mirrored = mirrored;
	}

	/**
	 * Staff-wide counts of everything or of some statuses come from the kept counts
	 * (O(1)); any other count reads integration_status alone (a scan of it for staff):
	 * every filter is a condition on its own columns.
	 */
	long count(Caller caller, StatusFilter filter) {
		if (caller.seesAll() && filter.onlyStatus()) {
			return this.counts.count(filter.statuses().stream().map(Status::code).toList());
		}
		return this.db.fetchCount(INTEGRATION_STATUS, visible(caller, filter));
	}

	/**
	 * The rows of the page are chosen on integration_status alone (PostgreSQL then keeps
	 * only the best rows while it scans, instead of sorting every joined row), and only
	 * they are joined.
	 */
	List<StatusRow> page(Caller caller, StatusFilter filter, Page page) {
		Condition candidates = this.candidates.of(visible(caller, filter), filter, page);
		List<SortField<?>> order = filter.order();
		Table<Record1<Long>> chosen = this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.where(candidates)
			.orderBy(order)
			.limit(page.size())
			.offset(page.offset())
			.asTable("chosen");
		Map<Long, Map<AgentType, Duration>> sources = new HashMap<>();
		return select().join(chosen)
			.on(chosen.field(INTEGRATION_STATUS.ID).eq(INTEGRATION_STATUS.ID))
			.orderBy(order)
			.fetch((r) -> row(r, sources));
	}

	/** The status if the caller may see it. */
	Optional<StatusRow> findVisible(Caller caller, UUID uuid) {
		return select()
			.where(INTEGRATION_STATUS.UUID.eq(uuid).and(Visibility.offerings(caller, INTEGRATION_STATUS.OFFERING_ID)))
			.fetchOptional((r) -> row(r, new HashMap<>()));
	}

	private static Condition visible(Caller caller, StatusFilter filter) {
		return Visibility.offerings(caller, INTEGRATION_STATUS.OFFERING_ID).and(filter.condition());
	}

	private SelectOnConditionStep<? extends Record> select() {
		List<Field<?>> fields = new ArrayList<>(List.of(INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.AGENT_TYPE,
				INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, INTEGRATION_STATUS.SERVICE_NAME,
				INTEGRATION_STATUS.DEADLINE, SINCE, OFFERING.UUID, OFFERING.NAME, CUSTOMER.UUID, CUSTOMER.NAME,
				MIRROR_SOURCE.NAME, MIRROR_SOURCE.URL, MIRROR_SOURCE.ID, INTEGRATION_STATUS.LATE_AFTER));
		fields.addAll(StoredRhythm.FIELDS);
		return this.db.select(fields)
			.from(INTEGRATION_STATUS)
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
			.leftJoin(MIRROR_SOURCE)
			.on(MIRROR_SOURCE.ID.eq(OFFERING.SOURCE_ID));
	}

	/**
	 * A row with its configured timeout: its type's, or its mirror source's (each source
	 * read once per page).
	 */
	private StatusRow row(Record r, Map<Long, Map<AgentType, Duration>> sources) {
		AgentType type = AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE));
		Long source = r.get(MIRROR_SOURCE.ID);
		Duration configured = (source == null) ? this.timeouts.timeout(type)
				: sources.computeIfAbsent(source, this.mirrored::of).get(type);
		return new StatusRow(r.get(INTEGRATION_STATUS.UUID), AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)),
				Status.ofCode(r.get(INTEGRATION_STATUS.STATUS)), r.get(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP),
				r.get(INTEGRATION_STATUS.SERVICE_NAME), r.get(OFFERING.UUID), r.get(OFFERING.NAME),
				r.get(CUSTOMER.UUID), r.get(CUSTOMER.NAME), r.get(INTEGRATION_STATUS.DEADLINE), r.get(SINCE),
				r.get(MIRROR_SOURCE.NAME), r.get(MIRROR_SOURCE.URL), StoredRhythm.rhythm(r), StoredRhythm.basis(r),
				r.get(INTEGRATION_STATUS.LATE_AFTER), configured);
	}

}
