package org.vigil.status;

import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Row8;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.status.StatusEvents.Transition;
import org.vigil.status.StatusLocks.Locked;
import org.vigil.system.Clocks;

/**
 * The SQL of {@link StatusChanges#observe} and {@link StatusChanges#expireMirrored}:
 * statuses copied from a mirror source. They never get a deadline (the sweeper does not
 * see them); their {@code last_request_timestamp} is the upstream's and never moves
 * backwards; they expire only when their source was read successfully after their
 * deadline.
 */
final class MirroredStatuses {

	private final DSLContext db;

	private final StatusEvents events;

	private final Clock clock;

	MirroredStatuses(DSLContext db, StatusEvents events, Clock clock) {
		this.db = db;
		this.events = events;
		this.clock = clock;
	}

	/** In the caller's transaction; returns how many statuses changed or were created. */
	int observe(List<Observation> seen, Map<AgentType, Duration> timeouts, Instant lookedAt) {
		if (seen.isEmpty()) {
			return 0;
		}
		Map<StatusKey, Observation> byKey = new LinkedHashMap<>();
		for (Observation o : seen) {
			byKey.merge(new StatusKey(o.offeringId(), o.type()), o,
					(a, b) -> newer(a.lastRequest(), b.lastRequest()) ? a : b);
		}
		List<StatusKey> keys = new ArrayList<>(byKey.keySet());
		keys.sort(StatusKey.ORDER);
		Map<StatusKey, Locked> existing = StatusLocks.lock(this.db, keys);
		int changed = 0;
		List<StatusKey> missing = keys.stream().filter((key) -> !existing.containsKey(key)).toList();
		if (!missing.isEmpty()) {
			changed += insert(missing, byKey, timeouts, lookedAt);
			existing.putAll(StatusLocks.lock(this.db, missing));
		}
		List<Transition> transitions = new ArrayList<>();
		Map<Long, Instant> times = new HashMap<>();
		// One prepared statement, a row of binds per status that moved on upstream.
		BatchBindStep advance = this.db.batch(this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, (Instant) null)
			.set(INTEGRATION_STATUS.STATUS, (Short) null)
			.set(INTEGRATION_STATUS.DEADLINE, (Instant) null)
			.set(INTEGRATION_STATUS.SWEEP_AFTER, (Instant) null)
			.set(INTEGRATION_STATUS.SEEN_FLOOR, (Instant) null)
			.where(INTEGRATION_STATUS.ID.eq((Long) null)));
		int advanced = 0;
		for (StatusKey key : keys) {
			Locked row = existing.get(key);
			Instant upstream = byKey.get(key).lastRequest();
			if (row == null || upstream == null || !newer(upstream, row.lastRequest())) {
				continue;
			}
			advance.bind(upstream, Status.ACTIVE.code(), null, null, upstream, row.id());
			advanced++;
			if (row.status() != Status.ACTIVE) {
				transitions.add(new Transition(row.id(), row.status(), Status.ACTIVE));
				times.put(row.id(), upstream);
			}
		}
		if (advanced > 0) {
			advance.execute();
			changed += advanced;
		}
		record(transitions, times, StatusEvents.CHECK_IN);
		return changed;
	}

	/**
	 * Disconnects the Active statuses of this source whose upstream time plus their
	 * type's timeout is not after {@code lookedAt}; returns how many.
	 */
	int expire(long sourceId, Map<AgentType, Duration> timeouts, Instant lookedAt) {
		Condition candidates = pastDeadline(sourceId, timeouts, lookedAt);
		// Locked in the lock order, then moved with a compare-and-set: another poller of
		// the same source (an expiring lease) changes each row at most once with it.
		List<Long> ids = this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.where(candidates)
			.orderBy(StatusKey.LOCK_ORDER)
			.forUpdate()
			.fetch(INTEGRATION_STATUS.ID);
		if (ids.isEmpty()) {
			return 0;
		}
		List<Transition> transitions = this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.STATUS, Status.DISCONNECTED.code())
			.set(INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.where(INTEGRATION_STATUS.ID.in(ids))
			.and(candidates)
			.returningResult(INTEGRATION_STATUS.ID)
			.fetch((r) -> new Transition(r.value1(), Status.ACTIVE, Status.DISCONNECTED));
		Instant now = Clocks.now(this.clock);
		record(transitions, transitions.stream().collect(Collectors.toMap(Transition::statusId, (t) -> now)),
				StatusEvents.TIMEOUT);
		return transitions.size();
	}

	/** The UUIDs of the Active statuses {@link #expire} would disconnect now. */
	List<UUID> expiring(long sourceId, Map<AgentType, Duration> timeouts, Instant lookedAt) {
		return this.db.select(INTEGRATION_STATUS.UUID)
			.from(INTEGRATION_STATUS)
			.where(pastDeadline(sourceId, timeouts, lookedAt))
			.fetch(INTEGRATION_STATUS.UUID);
	}

	private static Condition pastDeadline(long sourceId, Map<AgentType, Duration> timeouts, Instant lookedAt) {
		Condition expired = DSL.falseCondition();
		for (Map.Entry<AgentType, Duration> t : timeouts.entrySet()) {
			expired = expired.or(INTEGRATION_STATUS.AGENT_TYPE.eq(t.getKey().code())
				.and(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.le(lookedAt.minus(t.getValue()))));
		}
		return INTEGRATION_STATUS.OFFERING_ID
			.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.SOURCE_ID.eq(sourceId)))
			.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
			.and(expired);
	}

	/** Statuses whose upstream row is gone: removed with their history. */
	int remove(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return this.db.deleteFrom(INTEGRATION_STATUS).where(INTEGRATION_STATUS.ID.in(ids)).execute();
	}

	/**
	 * Creates statuses first seen upstream, with the upstream UUID. Never heard from:
	 * Unknown. Heard from within the timeout: Active, with the Unknown to Active event a
	 * first check-in writes. Heard from longer ago: Disconnected without an event, so the
	 * first sync of a Waldur with long-dead agents alerts nobody.
	 */
	private int insert(List<StatusKey> missing, Map<StatusKey, Observation> byKey, Map<AgentType, Duration> timeouts,
			Instant lookedAt) {
		Set<UUID> taken = Set.copyOf(this.db.select(INTEGRATION_STATUS.UUID)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.in(missing.stream().map((key) -> byKey.get(key).uuid()).toList()))
			.fetch(INTEGRATION_STATUS.UUID));
		Instant now = Clocks.now(this.clock);
		List<Row8<UUID, Long, Short, Short, Instant, Instant, String, Instant>> rows = new ArrayList<>();
		Map<UUID, Status> statuses = new HashMap<>();
		Map<UUID, Instant> lastRequests = new HashMap<>();
		for (StatusKey key : missing) {
			Observation o = byKey.get(key);
			if (taken.contains(o.uuid())) {
				continue;
			}
			Instant last = o.lastRequest();
			Status status = (last == null) ? Status.UNKNOWN
					: last.plus(timeouts.get(key.type())).isAfter(lookedAt) ? Status.ACTIVE : Status.DISCONNECTED;
			statuses.put(o.uuid(), status);
			lastRequests.put(o.uuid(), last);
			rows.add(row(o.uuid(), key.offeringId(), key.type().code(), status.code(), last, last, "", now));
		}
		if (rows.isEmpty()) {
			return 0;
		}
		// One statement for the page; RETURNING names exactly the rows it created (not
		// those another poller of the source created a moment ago), so only they get
		// their event.
		Map<UUID, Long> created = new HashMap<>();
		var insert = this.db
			.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
					INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
					INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.SERVICE_NAME, INTEGRATION_STATUS.CREATED)
			.valuesOfRows(rows);
		// H2 emulates ON CONFLICT with a MERGE over a UNION ALL that it joins row by row
		// with the table (a page timed out at 5,000 statuses): there a plain insert, the
		// rows were looked up above and a row another poller created a moment ago fails
		// the page, which the next poll redoes.
		(this.db.dialect().family() == SQLDialect.POSTGRES
				? insert.onConflict(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE).doNothing() : insert)
			.returningResult(INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.ID)
			.fetch()
			.forEach((r) -> created.put(r.value1(), r.value2()));
		List<Transition> transitions = new ArrayList<>();
		Map<Long, Instant> times = new HashMap<>();
		created.forEach((uuid, id) -> {
			if (statuses.get(uuid) == Status.ACTIVE) {
				transitions.add(new Transition(id, Status.UNKNOWN, Status.ACTIVE));
				times.put(id, lastRequests.get(uuid));
			}
		});
		record(transitions, times, StatusEvents.CHECK_IN);
		return created.size();
	}

	/**
	 * Writes the events, each at its own time (the upstream time of a check-in), but
	 * never in the future and never before the last event of its status.
	 */
	private void record(List<Transition> transitions, Map<Long, Instant> times, String reason) {
		if (transitions.isEmpty()) {
			return;
		}
		Instant now = Clocks.now(this.clock);
		Map<Long, Instant> last = EventTimes.lastEvents(this.db,
				transitions.stream().map(Transition::statusId).toList());
		Map<Long, Instant> at = new HashMap<>();
		for (Transition t : transitions) {
			Instant when = times.get(t.statusId());
			if (when.isAfter(now)) {
				when = now;
			}
			at.put(t.statusId(), EventTimes.notBefore(when, last.get(t.statusId())).truncatedTo(ChronoUnit.MICROS));
		}
		this.events.record(transitions, reason, (t) -> at.get(t.statusId()));
	}

	private static boolean newer(Instant candidate, Instant than) {
		return candidate != null && (than == null || candidate.isAfter(than));
	}

}
