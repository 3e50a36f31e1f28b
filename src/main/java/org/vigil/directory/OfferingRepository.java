package org.vigil.directory;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;
import static org.jooq.impl.DSL.field;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.system.Clocks;
import org.vigil.status.AgentType;
import org.vigil.status.LivenessView;
import org.vigil.status.Status;
import org.vigil.status.StoredRhythm;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

@Repository
class OfferingRepository {

	private static final org.vigil.db.tables.Offering PARENT = OFFERING.as("parent");

	/**
	 * When a status took its present value: its latest event (events are in time order).
	 */
	private static final Field<Instant> SINCE = field(DSL.select(STATUS_EVENT.CREATED)
		.from(STATUS_EVENT)
		.where(STATUS_EVENT.INTEGRATION_STATUS_ID.eq(INTEGRATION_STATUS.ID))
		.orderBy(STATUS_EVENT.ID.desc())
		.limit(1)).as("status_since");

	private final DSLContext db;

	private final Clock clock;

	private final PhiAccrual phi;

	OfferingRepository(DSLContext db, Clock clock, PhiAccrual phi) {
		this.db = db;
		this.clock = clock;
		this.phi = phi;
	}

	long create(String name, String slug, String type, long customerId, Long parentId) {
		return this.db.insertInto(OFFERING)
			.set(OFFERING.UUID, UUID.randomUUID())
			.set(OFFERING.NAME, name)
			.set(OFFERING.SLUG, slug)
			.set(OFFERING.TYPE, type)
			.set(OFFERING.CUSTOMER_ID, customerId)
			.set(OFFERING.PARENT_ID, parentId)
			.set(OFFERING.CREATED, Clocks.now(this.clock))
			.returningResult(OFFERING.ID)
			.fetchSingle()
			.value1();
	}

	/** Whether the offering is mirrored from another Waldur (and so read-only). */
	boolean mirrored(long id) {
		return this.db.fetchExists(OFFERING, OFFERING.ID.eq(id).and(OFFERING.SOURCE_ID.isNotNull()));
	}

	boolean slugTaken(String slug) {
		return this.db.fetchExists(OFFERING, OFFERING.SLUG.eq(slug));
	}

	Optional<Offering> find(UUID uuid) {
		return find(OFFERING.UUID.eq(uuid));
	}

	Optional<Offering> find(long id) {
		return find(OFFERING.ID.eq(id));
	}

	/** The offering if the caller may see it. */
	Optional<Offering> findVisible(Caller caller, UUID uuid) {
		return find(OFFERING.UUID.eq(uuid).and(Visibility.offerings(caller, OFFERING.ID)));
	}

	private Optional<Offering> find(Condition condition) {
		return select().where(condition).fetchOptional(OfferingRepository::offering);
	}

	/**
	 * The offerings the caller sees that match {@code filter} (an
	 * {@link OfferingFilter}'s condition) and the board's.
	 */
	long count(Caller caller, Condition filter, OfferingBoard board) {
		Condition condition = listed(caller, filter, board);
		return this.db.fetchCount(this.db.selectOne()
			.from(OFFERING)
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
			.where(condition));
	}

	List<Offering> page(Caller caller, Condition filter, OfferingBoard board, Page page) {
		return select().where(listed(caller, filter, board))
			.orderBy(board.order())
			.limit(page.size())
			.offset(page.offset())
			.fetch(OfferingRepository::offering);
	}

	private static Condition listed(Caller caller, Condition filter, OfferingBoard board) {
		return Visibility.offerings(caller, OFFERING.ID).and(filter).and(board.condition());
	}

	/**
	 * The integration statuses of these offerings, as the offering detail embeds them.
	 */
	Map<Long, List<IntegrationSummary>> integrationStatuses(Collection<Long> offeringIds) {
		if (offeringIds.isEmpty()) {
			return Map.of();
		}
		Instant now = Clocks.now(this.clock);
		List<Field<?>> fields = new ArrayList<>(List.of(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE,
				INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, INTEGRATION_STATUS.SERVICE_NAME,
				INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.DEADLINE, SINCE));
		fields.addAll(StoredRhythm.FIELDS);
		return this.db.select(fields)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.in(offeringIds))
			.orderBy(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE)
			.fetch()
			.stream()
			.collect(Collectors.groupingBy((row) -> row.get(INTEGRATION_STATUS.OFFERING_ID),
					Collectors.mapping((row) -> summary(row, now), Collectors.toList())));
	}

	private IntegrationSummary summary(Record row, Instant now) {
		Status status = Status.ofCode(row.get(INTEGRATION_STATUS.STATUS));
		LivenessView liveness = LivenessView.of(this.phi, StoredRhythm.rhythm(row), StoredRhythm.basis(row), status,
				row.get(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP), now);
		return new IntegrationSummary(AgentType.ofCode(row.get(INTEGRATION_STATUS.AGENT_TYPE)).label(), status.label(),
				row.get(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP), row.get(INTEGRATION_STATUS.SERVICE_NAME),
				row.get(INTEGRATION_STATUS.UUID), row.get(INTEGRATION_STATUS.DEADLINE), liveness.expectedInterval(),
				liveness.intervalDeviation(), liveness.timeoutBasis(), liveness.suspicion(), row.get(SINCE));
	}

	private SelectOnConditionStep<? extends Record> select() {
		return this.db
			.select(OFFERING.ID, OFFERING.UUID, OFFERING.NAME, OFFERING.SLUG, OFFERING.TYPE, OFFERING.CREATED,
					CUSTOMER.ID, CUSTOMER.UUID, CUSTOMER.NAME, PARENT.UUID)
			.from(OFFERING)
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
			.leftJoin(PARENT)
			.on(PARENT.ID.eq(OFFERING.PARENT_ID));
	}

	private static Offering offering(Record row) {
		return new Offering(row.get(OFFERING.ID), row.get(OFFERING.UUID), row.get(OFFERING.NAME),
				row.get(OFFERING.SLUG), row.get(OFFERING.TYPE), row.get(CUSTOMER.ID), row.get(CUSTOMER.UUID),
				row.get(CUSTOMER.NAME), row.get(PARENT.UUID), row.get(OFFERING.CREATED));
	}

}
