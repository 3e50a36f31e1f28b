package org.vigil.status;

import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.vigil.web.Page;

import org.springframework.stereotype.Component;

/**
 * The rows a page is chosen from, for the orders by last_request_timestamp, which no
 * index holds (V13: every check-in would have to update it). seen_floor is indexed, never
 * after last_request_timestamp, NULL exactly when it is, and equal to it for every status
 * that is not Active. The page is then sorted exactly from these candidates: every
 * condition here keeps every row that can be on a page ending at row {@code wanted}.
 */
@Component
class StatusCandidates {

	/** At least this many rows are read by seen_floor to bound a page. */
	private static final int HEAD = 200;

	/**
	 * Pages ending further down are sorted from every row: there, sorting the candidates
	 * costs more than sorting everything.
	 */
	private static final int MAX_WANTED = 10_000;

	private static final SortField<?>[] BY_FLOOR = { INTEGRATION_STATUS.SEEN_FLOOR.asc().nullsFirst(),
			INTEGRATION_STATUS.ID.asc() };

	private final DSLContext db;

	StatusCandidates(DSLContext db) {
		this.db = db;
	}

	/**
	 * {@code condition} is the filter's with the caller's visibility; {@code filter}
	 * tells the order and which statuses it admits.
	 */
	Condition of(Condition condition, StatusFilter filter, Page page) {
		long wanted = page.offset() + page.size();
		if (wanted > MAX_WANTED) {
			return condition;
		}
		return switch (filter.ordering()) {
			case OLDEST_FIRST -> condition.and(oldEnough(condition, (int) wanted));
			case NEWEST_FIRST -> newestFirst(condition, filter.statuses(), (int) wanted);
			case PROBLEMS -> problems(condition, filter.statuses(), (int) wanted);
			case OTHER -> condition;
		};
	}

	/**
	 * Oldest first: of the first rows by seen_floor, the {@code wanted}-th oldest exact
	 * time E bounds the page: at least {@code wanted} rows are no newer than E, so every
	 * row of the page is no newer than E, and so has seen_floor <= E. Only those rows are
	 * sorted.
	 */
	private Condition oldEnough(Condition condition, int wanted) {
		List<Instant> head = this.db.select(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.from(INTEGRATION_STATUS)
			.where(condition)
			.and(INTEGRATION_STATUS.SEEN_FLOOR.isNotNull())
			.and(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.isNotNull())
			.orderBy(INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.ID)
			.limit(Math.max(HEAD, 4 * wanted))
			.fetch(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP);
		if (head.size() < wanted) {
			return noCondition();
		}
		head.sort(null);
		return INTEGRATION_STATUS.SEEN_FLOOR.le(head.get(wanted - 1));
	}

	/**
	 * Newest first puts the never-seen first, in creation order: per status, a range of
	 * the (status, seen_floor, id) index. When they fill the page, they are the
	 * candidates; otherwise the page needs the newest check-ins, which only a scan of
	 * every row finds (no index holds them).
	 */
	private Condition newestFirst(Condition condition, Set<Status> statuses, int wanted) {
		Select<Record1<Long>> neverSeen = null;
		for (Status status : statuses) {
			Select<Record1<Long>> group = first(condition.and(INTEGRATION_STATUS.STATUS.eq(status.code()))
				.and(INTEGRATION_STATUS.SEEN_FLOOR.isNull()), wanted, "never_seen_" + status.code());
			neverSeen = (neverSeen == null) ? group : neverSeen.unionAll(group);
		}
		if (neverSeen == null || this.db.fetchCount(neverSeen) < wanted) {
			return condition;
		}
		return INTEGRATION_STATUS.ID.in(neverSeen);
	}

	/**
	 * Problems: Disconnected, then Unknown, then Active, each by last_request_timestamp
	 * (never-seen first) and id. For the first two seen_floor is that time, so the
	 * (status, seen_floor, id) index gives each group in order. Active statuses are
	 * candidates only when the other two do not fill the page. Only the statuses the
	 * filter admits are looked at.
	 */
	private Condition problems(Condition condition, Set<Status> statuses, int wanted) {
		Select<Record1<Long>> ids = null;
		for (Status status : List.of(Status.DISCONNECTED, Status.UNKNOWN)) {
			if (statuses.contains(status)) {
				Select<Record1<Long>> group = first(condition.and(INTEGRATION_STATUS.STATUS.eq(status.code())), wanted,
						"problem_" + status.code());
				ids = (ids == null) ? group : ids.unionAll(group);
			}
		}
		// At least wanted rows in all iff at least wanted of their first wanted each.
		int problems = (ids != null) ? Math.min(wanted, this.db.fetchCount(ids)) : 0;
		if (problems < wanted && statuses.contains(Status.ACTIVE)) {
			for (Select<Record1<Long>> group : active(condition.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code())),
					wanted - problems)) {
				ids = (ids == null) ? group : ids.unionAll(group);
			}
		}
		return (ids != null) ? INTEGRATION_STATUS.ID.in(ids) : falseCondition();
	}

	/**
	 * The {@code wanted} Active statuses silent longest: the never-seen (if any; they
	 * come first) by id, and the others bounded as in {@link #oldEnough}: of the first
	 * rows by seen_floor, the {@code wanted}-th exact time E (never-seen first).
	 */
	private List<Select<Record1<Long>>> active(Condition active, int wanted) {
		List<Instant> head = this.db.select(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.from(INTEGRATION_STATUS)
			.where(active)
			.orderBy(BY_FLOOR)
			.limit(Math.max(HEAD, 4 * wanted))
			.fetch(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP);
		Select<Record1<Long>> neverSeen = first(active.and(INTEGRATION_STATUS.SEEN_FLOOR.isNull()), wanted,
				"active_never_seen");
		Condition seen = INTEGRATION_STATUS.SEEN_FLOOR.isNotNull();
		if (head.size() >= wanted) {
			head.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
			Instant newest = head.get(wanted - 1);
			if (newest == null) {
				return List.of(neverSeen);
			}
			seen = INTEGRATION_STATUS.SEEN_FLOOR.le(newest);
		}
		return List.of(neverSeen,
				ids(this.db.select(INTEGRATION_STATUS.ID)
					.from(INTEGRATION_STATUS)
					.where(active)
					.and(seen)
					.orderBy(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.asc(), INTEGRATION_STATUS.ID.asc())
					.limit(wanted)
					.asTable("active_seen")));
	}

	/**
	 * The first {@code wanted} rows of one status by seen_floor and id, where seen_floor
	 * is exact: as the (status, seen_floor, id) index holds them.
	 */
	private static Select<Record1<Long>> first(Condition exact, int wanted, String name) {
		return ids(select(INTEGRATION_STATUS.ID).from(INTEGRATION_STATUS)
			.where(exact)
			.orderBy(BY_FLOOR)
			.limit(wanted)
			.asTable(name));
	}

	private static Select<Record1<Long>> ids(Table<Record1<Long>> limited) {
		return select(limited.field(INTEGRATION_STATUS.ID)).from(limited);
	}

}
