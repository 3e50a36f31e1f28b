package org.vigil.alerts.window;

import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.MAINTENANCE_WINDOW;
import static org.vigil.db.Tables.MAINTENANCE_WINDOW_OFFERING;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.db.tables.Offering;
import org.vigil.system.Clocks;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Maintenance windows and the offerings they are narrowed to. */
@Repository
class WindowRepository {

	private static final Field<List<UUID>> OFFERINGS = multiset(select(OFFERING.UUID).from(MAINTENANCE_WINDOW_OFFERING)
		.join(OFFERING)
		.on(OFFERING.ID.eq(MAINTENANCE_WINDOW_OFFERING.OFFERING_ID))
		.where(MAINTENANCE_WINDOW_OFFERING.MAINTENANCE_WINDOW_ID.eq(MAINTENANCE_WINDOW.ID))
		.orderBy(OFFERING.ID)).as("offerings").convertFrom((r) -> r.map((o) -> o.value1()));

	private static final Offering COVERED = OFFERING.as("covered");

	private final DSLContext db;

	private final Clock clock;

	WindowRepository(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	@Transactional
	MaintenanceWindow create(WindowSettings settings) {
		long id = this.db.insertInto(MAINTENANCE_WINDOW)
			.set(MAINTENANCE_WINDOW.UUID, UUID.randomUUID())
			.set(MAINTENANCE_WINDOW.CUSTOMER_ID, settings.customerId())
			.set(MAINTENANCE_WINDOW.STARTS, settings.start())
			.set(MAINTENANCE_WINDOW.ENDS, settings.end())
			.set(MAINTENANCE_WINDOW.REASON, settings.reason())
			.set(MAINTENANCE_WINDOW.CREATED, Clocks.now(this.clock))
			.returningResult(MAINTENANCE_WINDOW.ID)
			.fetchSingle()
			.value1();
		insertOfferings(id, settings.offeringIds());
		return find(MAINTENANCE_WINDOW.ID.eq(id)).orElseThrow();
	}

	@Transactional
	MaintenanceWindow update(MaintenanceWindow window, WindowSettings settings) {
		this.db.update(MAINTENANCE_WINDOW)
			.set(MAINTENANCE_WINDOW.STARTS, settings.start())
			.set(MAINTENANCE_WINDOW.ENDS, settings.end())
			.set(MAINTENANCE_WINDOW.REASON, settings.reason())
			.where(MAINTENANCE_WINDOW.ID.eq(window.id()))
			.execute();
		if (settings.offeringIds() != null) {
			this.db.deleteFrom(MAINTENANCE_WINDOW_OFFERING)
				.where(MAINTENANCE_WINDOW_OFFERING.MAINTENANCE_WINDOW_ID.eq(window.id()))
				.execute();
			insertOfferings(window.id(), settings.offeringIds());
		}
		return find(MAINTENANCE_WINDOW.ID.eq(window.id())).orElseThrow();
	}

	@Transactional
	void delete(long id) {
		this.db.deleteFrom(MAINTENANCE_WINDOW).where(MAINTENANCE_WINDOW.ID.eq(id)).execute();
	}

	/** The window if the caller sees it. */
	Optional<MaintenanceWindow> visible(UUID uuid, Caller caller) {
		return find(MAINTENANCE_WINDOW.UUID.eq(uuid).and(Visibility.alerts(caller, MAINTENANCE_WINDOW.CUSTOMER_ID)));
	}

	long count(Caller caller, Filter filter) {
		return count(seen(caller, filter));
	}

	/** Latest start first: what is coming or going on now leads the list. */
	List<MaintenanceWindow> page(Caller caller, Filter filter, Page page) {
		return page(seen(caller, filter), filter.now(), page);
	}

	/**
	 * The windows the caller sees, of the filter's customer, and active or not at its
	 * {@code now}, when it says.
	 */
	private static Condition seen(Caller caller, Filter filter) {
		Condition condition = Visibility.alerts(caller, MAINTENANCE_WINDOW.CUSTOMER_ID);
		if (filter.customerUuid() != null) {
			condition = condition.and(CUSTOMER.UUID.eq(filter.customerUuid()));
		}
		if (filter.active() != null) {
			condition = condition
				.and(filter.active() ? Maintenance.active(filter.now()) : not(Maintenance.active(filter.now())));
		}
		return condition;
	}

	private Optional<MaintenanceWindow> find(Condition condition) {
		Field<List<UUID>> covered = coveredNow(Clocks.now(this.clock));
		return selectWindows(covered).where(condition).fetchOptional((r) -> window(r, covered));
	}

	private long count(Condition condition) {
		return this.db.fetchCount(this.db.selectOne()
			.from(MAINTENANCE_WINDOW)
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(MAINTENANCE_WINDOW.CUSTOMER_ID))
			.where(condition));
	}

	private List<MaintenanceWindow> page(Condition condition, Instant now, Page page) {
		Field<List<UUID>> covered = coveredNow(now);
		return selectWindows(covered).where(condition)
			.orderBy(MAINTENANCE_WINDOW.STARTS.desc(), MAINTENANCE_WINDOW.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch((r) -> window(r, covered));
	}

	private void insertOfferings(long windowId, List<Long> offeringIds) {
		for (long offeringId : (offeringIds != null) ? offeringIds : List.<Long>of()) {
			this.db.insertInto(MAINTENANCE_WINDOW_OFFERING)
				.set(MAINTENANCE_WINDOW_OFFERING.MAINTENANCE_WINDOW_ID, windowId)
				.set(MAINTENANCE_WINDOW_OFFERING.OFFERING_ID, offeringId)
				.execute();
		}
	}

	/**
	 * The windows, with the offerings each covers at some instant ({@link #coveredNow}).
	 */
	private SelectOnConditionStep<? extends Record> selectWindows(Field<List<UUID>> covered) {
		return this.db
			.select(MAINTENANCE_WINDOW.ID, MAINTENANCE_WINDOW.UUID, MAINTENANCE_WINDOW.CUSTOMER_ID, CUSTOMER.UUID,
					CUSTOMER.NAME, OFFERINGS, MAINTENANCE_WINDOW.STARTS, MAINTENANCE_WINDOW.ENDS,
					MAINTENANCE_WINDOW.REASON, MAINTENANCE_WINDOW.CREATED, covered)
			.from(MAINTENANCE_WINDOW)
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(MAINTENANCE_WINDOW.CUSTOMER_ID));
	}

	/**
	 * The offerings a window covers at {@code now}, by {@link Maintenance}'s rule: none
	 * unless it is active, else those it names or, naming none, all of its customer's.
	 */
	private static Field<List<UUID>> coveredNow(Instant now) {
		return multiset(select(COVERED.UUID).from(COVERED)
			.where(Maintenance.coversNow(COVERED.CUSTOMER_ID, COVERED.ID, now))
			.orderBy(COVERED.ID)).as("covered").convertFrom((r) -> r.map((o) -> o.value1()));
	}

	private static MaintenanceWindow window(Record row, Field<List<UUID>> covered) {
		return new MaintenanceWindow(row.get(MAINTENANCE_WINDOW.ID), row.get(MAINTENANCE_WINDOW.UUID),
				row.get(MAINTENANCE_WINDOW.CUSTOMER_ID), row.get(CUSTOMER.UUID), row.get(CUSTOMER.NAME),
				row.get(OFFERINGS), row.get(MAINTENANCE_WINDOW.STARTS), row.get(MAINTENANCE_WINDOW.ENDS),
				row.get(MAINTENANCE_WINDOW.REASON), row.get(MAINTENANCE_WINDOW.CREATED), row.get(covered));
	}

	/**
	 * The list's query parameters: a customer's windows (null: any), those active at
	 * {@code now} or not (null: both).
	 */
	record Filter(UUID customerUuid, Boolean active, Instant now) {
	}

}
